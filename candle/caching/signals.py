"""Purge on publish, unpublish (and so delete), move, a new slug, and on changes to what every page shows
(site settings, labels, images). Connected in ``CachingConfig.ready``."""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from .purge import (
    page_addresses,
    page_affected_addresses,
    page_changes_everything,
    page_listing_addresses,
)
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


def page_slug_changed_handler(sender, instance, instance_before, **kwargs) -> None:
    """A new slug moves the page to a new address (and every page below it): the old address
    must stop serving it, from the page cache and from the data cache (the page's row and its
    routing are kept with its address). Publishing purged the new one."""
    if _paused():
        return
    if page_changes_everything(instance) or instance.numchild:
        page_cache_purge_all()
    else:
        page_cache_purge_paths(page_addresses(instance_before))


def page_pre_save_handler(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a full save (publishing does one), note the listings the page is on now, so the
    boards and work areas it leaves are purged too."""
    if update_fields is None and not _paused() and isinstance(instance, Page) and instance.pk:
        instance._candle_listings_before = page_listing_addresses(instance)


def page_at_top_added_or_removed_handler(sender, instance, created=False, **kwargs) -> None:
    """A page created or deleted at the top of the tree (a home's translation, even a draft,
    which no publish or unpublish announces) adds or removes a site root path, which the
    site-wide data cache keeps (``candle.pages.routing.site_root_paths``)."""
    if kwargs.get("signal") is post_save and not created:
        return
    if isinstance(instance, Page) and instance.depth <= 2 and not _paused():
        page_cache_purge_all()


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


def board_categories_changed_handler(sender, instance, action, reverse, **kwargs) -> None:
    """A board's categories (its filter menu) are a plain many-to-many, written when the board
    is saved, even as a draft: the board's addresses show them, so they are purged then."""
    if action not in ("post_add", "post_remove", "post_clear") or _paused():
        return
    if reverse:  # boards changed from a category's side
        page_cache_purge_all()
    else:
        page_cache_purge_paths(page_addresses(instance))


def connect() -> None:
    from django.apps import apps
    from django.core.signals import request_finished, request_started

    from .store import request_tokens_drop, request_tokens_reset

    # The data cache's tokens are read once per request (``store._request_tokens``).
    request_started.connect(request_tokens_reset, dispatch_uid="caching.request_started")
    request_finished.connect(request_tokens_drop, dispatch_uid="caching.request_finished")

    page_published.connect(page_published_handler, dispatch_uid="caching.published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="caching.unpublished")
    page_slug_changed.connect(page_slug_changed_handler, dispatch_uid="caching.slug_changed")
    pre_page_move.connect(pre_page_move_handler, dispatch_uid="caching.pre_move")
    post_page_move.connect(post_page_move_handler, dispatch_uid="caching.post_move")
    m2m_changed.connect(
        board_categories_changed_handler,
        sender=apps.get_model("pages.BoardPage").categories.through,
        dispatch_uid="caching.board_categories",
    )
    for model in apps.get_models():
        if issubclass(model, Page) and model._meta.app_label == "pages":
            pre_save.connect(
                page_pre_save_handler,
                sender=model,
                dispatch_uid=f"caching.pre_save.{model.__name__}",
            )
        if issubclass(model, Page):
            for signal, name in ((post_save, "created"), (post_delete, "deleted")):
                signal.connect(
                    page_at_top_added_or_removed_handler,
                    sender=model,
                    dispatch_uid=f"caching.page_{name}.{model._meta.label}",
                )
    for label in (
        "pages.WorkArea",
        "pages.Category",
        "pages.ReportTopic",
        "pages.OrganisationSettings",
        "pages.BankAccount",  # the give, dues and contact pages show the accounts
        "core.CandleImage",
        "wagtailcore.Locale",  # the kept locales (search and listings find them by code)
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
