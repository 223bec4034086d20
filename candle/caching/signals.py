"""Purge on publish, unpublish (and so delete), move, and on changes to what every page shows
(site settings, labels, images). Connected in ``CachingConfig.ready``."""

import threading

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .purge import page_affected_addresses, page_changes_everything, page_listing_addresses
from .services import _paused, page_cache_purge_all, page_cache_purge_paths

_moving = threading.local()


def _purge_for(page: Page, extra: set[str] | None = None) -> None:
    if _paused():
        return
    if page_changes_everything(page):
        page_cache_purge_all()
        return
    page_cache_purge_paths(page_affected_addresses(page) | (extra or set()))


def page_published_handler(sender, instance, **kwargs) -> None:
    _purge_for(instance, getattr(instance, "_candle_listings_before", set()))


def page_unpublished_handler(sender, instance, **kwargs) -> None:
    _purge_for(instance)


def page_pre_save_handler(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a full save (publishing does one), note the listings the page is on now, so the
    boards and work areas it leaves are purged too."""
    if update_fields is None and not _paused() and isinstance(instance, Page) and instance.pk:
        instance._candle_listings_before = page_listing_addresses(instance)


def pre_page_move_handler(sender, instance, **kwargs) -> None:
    if _paused():
        return
    if page_changes_everything(instance) or instance.get_children().exists():
        _moving.paths = None
    else:
        _moving.paths = page_affected_addresses(instance)


def post_page_move_handler(sender, instance, **kwargs) -> None:
    if _paused():
        return
    before = getattr(_moving, "paths", None)
    _moving.paths = None
    if before is None or page_changes_everything(instance):
        page_cache_purge_all()
    else:
        page_cache_purge_paths(before | page_affected_addresses(instance))


def shown_everywhere_changed_handler(sender, instance, created=False, **kwargs) -> None:
    """Labels, site settings and images appear on many pages: forget everything."""
    if created and kwargs.get("signal") is post_save and sender.__name__.endswith("Image"):
        return  # a new image is on no page yet
    page_cache_purge_all()


def connect() -> None:
    from django.apps import apps

    page_published.connect(page_published_handler, dispatch_uid="caching.published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="caching.unpublished")
    pre_page_move.connect(pre_page_move_handler, dispatch_uid="caching.pre_move")
    post_page_move.connect(post_page_move_handler, dispatch_uid="caching.post_move")
    for model in apps.get_models():
        if issubclass(model, Page) and model._meta.app_label == "pages":
            pre_save.connect(
                page_pre_save_handler,
                sender=model,
                dispatch_uid=f"caching.pre_save.{model.__name__}",
            )
    for label in (
        "pages.WorkArea",
        "pages.Category",
        "pages.ReportTopic",
        "pages.OrganisationSettings",
        "core.CandleImage",
        "wagtailcore.Site",  # a site's host or root page: every address (and the kept site lookup)
        # A page made private (or public again) must leave the cache at once, and the
        # listings, feeds and search results that showed it with it.
        "wagtailcore.PageViewRestriction",
    ):
        model = apps.get_model(label)
        post_save.connect(
            shown_everywhere_changed_handler, sender=model, dispatch_uid=f"caching.saved.{label}"
        )
        post_delete.connect(
            shown_everywhere_changed_handler, sender=model, dispatch_uid=f"caching.deleted.{label}"
        )
