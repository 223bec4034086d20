"""Search side effects of saves (signals are for cache and search only, STYLE.md)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from candle.core.models import CandleDocument

from .models import UserWord

# Saves that change only bookkeeping columns, never text the index holds (save_revision,
# locking, hit counters, sort order). modelsearch reindexes on every save; these are skipped.
BOOKKEEPING_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "live_revision",
        "locked",
        "locked_at",
        "locked_by",
        "hit_count",
        "sort_order",
        "text_status",
        "file_hash",
        "translation_key",
        "locale",
    }
)


def post_save_index(sender, instance, raw=False, update_fields=None, **kwargs):
    """modelsearch's save handler, except that a save of bookkeeping columns only (a page's
    save_revision, for one) does not reindex: publishing a new page used to analyse it three
    times. Connected in place of modelsearch's handler by ``SearchConfig.ready``."""
    if raw or (update_fields and BOOKKEEPING_FIELDS.issuperset(update_fields)):
        return
    from modelsearch.tasks import insert_or_update_object_task

    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def post_save_index_install() -> None:
    """Make modelsearch connect ``post_save_index`` instead of its own handler (and swap them
    if it already has, whatever the app order)."""
    from modelsearch import index, signal_handlers

    original = signal_handlers.post_save_signal_handler
    if original is post_save_index:
        return
    signal_handlers.post_save_signal_handler = post_save_index
    for model in index.get_indexed_models():
        if post_save.disconnect(original, sender=model):
            post_save.connect(post_save_index, sender=model)


@receiver(pre_save, sender=CandleDocument)
def document_mark_for_extraction(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = (
        CandleDocument.objects.filter(pk=instance.pk).values("file", "file_hash").first()
        if instance.pk
        else None
    )
    if old is None or old["file"] != instance.file.name or old["file_hash"] != instance.file_hash:
        instance.text = ""
        instance.text_status = CandleDocument.TextStatus.PENDING
        instance._candle_extract_text = True


@receiver(post_save, sender=CandleDocument)
def document_extract_text(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_candle_extract_text", False):
        return
    instance._candle_extract_text = False
    document_id = instance.pk

    def enqueue():
        from .tasks import document_text_extract

        document_text_extract.enqueue(document_id=document_id)

    transaction.on_commit(enqueue)


@receiver(pre_save, sender=UserWord)
@receiver(pre_delete, sender=UserWord)
def user_word_remember_matches(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import pages_matching

    words = {instance.word}
    if instance.pk:
        words |= set(UserWord.objects.filter(pk=instance.pk).values_list("word", flat=True))
    instance._candle_pages_before = {pk for word in words for pk in pages_matching(word=word)}


@receiver(post_save, sender=UserWord)
@receiver(post_delete, sender=UserWord)
def user_word_apply(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import user_word_changed

    user_word_changed(
        before=sorted(getattr(instance, "_candle_pages_before", ())), word=instance.word
    )
