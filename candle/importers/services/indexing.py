"""Search and reference indexing after a run: each saved object indexed once, at the end,
and what an interrupted run saved but never indexed found and indexed by the next."""

from __future__ import annotations

from contextlib import contextmanager

from django.db.models.signals import post_save

from candle.core.models import CandleDocument, CandleImage
from candle.pages.models import BoardPage, Category, PostComment, PostPage

from ..models import LegacyBoard, LegacyPost


@contextmanager
def _deferred_indexing():
    """Index each saved object once, after the run, instead of on every one of its saves
    (a published post is saved three times). Yields {model: {pk, …}} of what was saved."""
    from modelsearch import signal_handlers
    from wagtail.signal_handlers import disable_reference_index_auto_update

    touched: dict[type, set] = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            touched.setdefault(type(instance), set()).add(instance.pk)

    models = [PostPage, BoardPage, PostComment, CandleImage, CandleDocument, Category]
    disconnected = [
        m
        for m in models
        if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=m)
    ]
    for model in models:
        post_save.connect(
            remember, sender=model, weak=False, dispatch_uid=f"importers.remember.{model.__name__}"
        )
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"importers.remember.{model.__name__}")
        for model in disconnected:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)


def _unindexed_imports() -> dict[type, set]:
    """Imported posts and boards with no search index entry: those an earlier run saved and
    then stopped (Ctrl+C, a crash) before indexing. The rerun sees them as unchanged, so they
    are indexed now instead of staying out of search."""
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_content_type_pk

    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806 - wagtail.search's table

    found = {}
    for model, ids in (
        (PostPage, LegacyPost.objects.exclude(post=None).values_list("post_id", flat=True)),
        (BoardPage, LegacyBoard.objects.values_list("board_id", flat=True)),
    ):
        indexed = set(
            IndexEntry.objects.filter(content_type_id=get_content_type_pk(model)).values_list(
                "object_id", flat=True
            )
        )
        missing = {pk for pk in ids if pk is not None and str(pk) not in indexed}
        if missing:
            found[model] = missing
    return found


def _index_touched(touched: dict[type, set]) -> None:
    """Bring the search index and Wagtail's reference index up to date for what the run saved."""
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in touched.items():
        pks = sorted(pk for pk in pks if pk is not None)
        for start in range(0, len(pks), 500):
            if hasattr(model, "get_indexed_objects"):
                objects = model.get_indexed_objects().filter(pk__in=pks[start : start + 500])
                if model is PostPage:  # read per post by attachments_text and the reference index
                    objects = objects.prefetch_related(
                        "attachments__document", "media_links", "wagtail_admin_comments"
                    )
                chunk = list(objects)
            else:
                chunk = list(model.objects.filter(pk__in=pks[start : start + 500]))
            if hasattr(model, "get_indexed_objects"):
                for backend in backends:
                    backend.add_bulk(model, chunk)
            if model in (PostPage, BoardPage):
                for obj in chunk:
                    ReferenceIndex.create_or_update_for_object(obj)
