"""Reads about appeals: the ones open for signing, and the live count.

The count is read by the count endpoint (``appeal_views.appeal_count_view``) and by the page
when it is rendered. It is kept in the data cache for ``COUNT_SECONDS`` (10 s), so during a
surge the database answers one ``COUNT`` per appeal every ten seconds per cache, however many
readers poll it; signing never purges anything.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from .models import AppealPage, Signature

COUNT_SECONDS = 10


def _count_key(appeal_key: uuid.UUID | str) -> str:
    return f"advocacy:count:{appeal_key}"


def appeal_count(*, appeal_key: uuid.UUID | str) -> int:
    """Counted signatures of the appeal in all its languages, at most ``COUNT_SECONDS`` old."""
    key = _count_key(appeal_key)
    value = cache.get(key)
    if value is None:
        value = Signature.objects.filter(appeal_key=appeal_key, counted=True).count()
        cache.set(key, value, COUNT_SECONDS)
    return value


def appeal_progress(*, count: int, goal: int) -> int:
    """Percent of the goal reached, 0–100 (the bar stops full past the goal)."""
    if goal <= 0:
        return 100
    return max(0, min(100, count * 100 // goal))


def appeals_open(
    *, locale_id: int, work_area_id: int | None = None, limit: int = 3
) -> list[AppealPage]:
    """Live, public appeals of one language that take signatures, nearest deadline first
    (open-ended last); of one work area if given. One query (the view restrictions come from
    the site-wide data cache, as for every page)."""
    from candle.pages.selectors import not_private  # .public() from the kept restrictions

    now = timezone.now()
    # The open appeals are found in their own (small) table first: asked through the page
    # table's columns, SQLite walked every page of the language (10,000 posts: 9 ms of a home
    # page) to look each one up among the appeals.
    open_ids = (
        AppealPage.objects.filter(status=AppealPage.Status.OPEN)
        .filter(Q(deadline__isnull=True) | Q(deadline__gt=now))
        .values("pk")
    )
    qs = (
        AppealPage.objects.live().filter(not_private()).filter(locale_id=locale_id, pk__in=open_ids)
    )
    if work_area_id is not None:
        qs = qs.filter(work_area_id=work_area_id)
    return list(
        qs.order_by(F("deadline").asc(nulls_last=True), "-first_published_at", "pk")[:limit]
    )


def appeal_live_by_key(*, appeal_key: uuid.UUID | str, language: str) -> AppealPage | None:
    """The live, public appeal with this translation key, in ``language`` if it has one
    there, else any language. One query."""
    rows = list(
        AppealPage.objects.live()
        .public()
        .filter(translation_key=appeal_key)
        .select_related("locale")
    )
    for row in rows:
        if row.locale.language_code == language:
            return row
    return rows[0] if rows else None
