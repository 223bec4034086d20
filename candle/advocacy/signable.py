"""What the sign view needs to know of an appeal, kept in the data cache: a surge posts to one
appeal thousands of times a minute, and reading the page each time (Wagtail's page row, its
appeal row, the view restrictions) cost a third of a signature's time (``make bench``,
``bench/advocacy.py``).

``appeal_signable(page_id)`` gives a ``SignableAppeal`` (its id, ``translation_key``, status,
deadline and counting, and ``is_open`` as the page's own; building a Wagtail page instance
for it cost a twentieth of a signature) for a live, public appeal, or raises ``Http404``. The facts are kept under a key per page and a generation: saving or deleting an
appeal forgets its key at once (publishing, closing, unpublishing all save the page), and a
view restriction added or removed, or a page moved, starts a new generation (they can make a
whole branch private). So a closed appeal refuses the next post, in every worker. The deadline
is compared with the clock on each post. Without the shared cache it reads the database each
time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404

from .models import AppealPage

PAGE_ID_MAX = 2**31 - 1
SIGNABLE_SECONDS = 300  # a backstop only: changes forget the entry at once
_GENERATION_KEY = "advocacy:signable:generation"
_FIELDS = ("id", "translation_key", "status", "deadline", "opt_in")


@dataclass(frozen=True)
class SignableAppeal:
    """What a signature needs of an appeal (``signatures.signature_create`` takes it or the
    page itself)."""

    id: int
    translation_key: uuid.UUID
    status: str
    deadline: dt.datetime | None
    opt_in: str

    Status = AppealPage.Status

    @property
    def pk(self) -> int:
        return self.id

    is_open = AppealPage.is_open  # the page's own rule: open, and before its deadline


def _key(page_id: int) -> str:
    return f"advocacy:signable:{page_id}"


def appeal_page(page_id: int) -> AppealPage:
    """The live, public appeal (the whole page, for rendering), or ``Http404``."""
    from candle.pages.selectors import not_private

    if page_id > PAGE_ID_MAX:
        raise Http404
    appeal = AppealPage.objects.live().filter(not_private()).filter(pk=page_id).first()
    if appeal is None:
        raise Http404
    return appeal


def appeal_signable(page_id: int) -> SignableAppeal:
    """The facts a signature needs of a live, public appeal (see the module docstring);
    ``Http404`` when there is none."""
    if page_id > PAGE_ID_MAX:
        raise Http404
    found = cache.get_many([_GENERATION_KEY, _key(page_id)])
    generation = found.get(_GENERATION_KEY) or 0
    entry = found.get(_key(page_id))
    if entry is not None and entry[0] == generation:
        values = entry[1]
    else:
        appeal = appeal_page(page_id)
        values = {name: getattr(appeal, name) for name in _FIELDS}
        cache.set(_key(page_id), (generation, values), SIGNABLE_SECONDS)
    return SignableAppeal(**values)


def appeal_signable_forget(page_id: int) -> None:
    cache.delete(_key(page_id))


def appeals_signable_forget_all() -> None:
    """A new generation: every kept entry is stale."""
    if not cache.add(_GENERATION_KEY, 1, timeout=None):
        try:
            cache.incr(_GENERATION_KEY)
        except ValueError:  # gone between add and incr
            cache.set(_GENERATION_KEY, 1, timeout=None)


def _appeal_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, AppealPage) and instance.pk:
        appeal_signable_forget(instance.pk)


def _branch_changed(sender, instance=None, **kwargs) -> None:
    appeals_signable_forget_all()


def signable_connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        signal.connect(_appeal_changed, sender=AppealPage, dispatch_uid="advocacy_signable")
        signal.connect(
            _branch_changed, sender=PageViewRestriction, dispatch_uid="advocacy_signable"
        )
    for signal in (page_published, page_unpublished):
        signal.connect(_appeal_changed, dispatch_uid="advocacy_signable")
    post_page_move.connect(_branch_changed, dispatch_uid="advocacy_signable")
