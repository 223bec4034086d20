"""Reads about supporters that cross relations or are reused."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet

from .models import Consent, Membership, Supporter

logger = logging.getLogger(__name__)


def supporter_duplicate_groups(*, limit: int = 200) -> list[list[Supporter]]:
    """Groups of supporters sharing a normalised e-mail or phone number (joined transitively:
    A~B by e-mail and B~C by phone make one group), oldest first in each group."""
    live = Supporter.objects.filter(anonymised_at__isnull=True)
    emails = (
        live.exclude(email_normalised="")
        .values("email_normalised")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("email_normalised", flat=True)
    )
    phones = (
        live.exclude(phone_normalised="")
        .values("phone_normalised")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("phone_normalised", flat=True)
    )
    rows = list(
        live.filter(email_normalised__in=list(emails)).values_list(
            "pk", "email_normalised", "phone_normalised"
        )
    ) + list(
        live.filter(phone_normalised__in=list(phones)).values_list(
            "pk", "email_normalised", "phone_normalised"
        )
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, int] = {}
    for pk, email, phone in rows:
        find(pk)
        for key in (f"e:{email}" if email else "", f"p:{phone}" if phone else ""):
            if key:
                if key in by_key:
                    parent[find(pk)] = find(by_key[key])
                else:
                    by_key[key] = pk
    groups: dict[int, list[int]] = defaultdict(list)
    for pk in parent:
        groups[find(pk)].append(pk)
    wanted = sorted(sorted(pks) for pks in groups.values() if len(pks) > 1)[:limit]
    people = Supporter.objects.in_bulk([pk for group in wanted for pk in group])
    return [[people[pk] for pk in group if pk in people] for group in wanted]


def supporter_detail(*, supporter_id: int) -> Supporter:
    return Supporter.objects.prefetch_related(
        Prefetch("consents", queryset=Consent.objects.order_by("-given_at")),
        Prefetch("memberships", queryset=Membership.objects.select_related("membership_type")),
        "tags",
    ).get(pk=supporter_id)


def supporter_current_membership(*, supporter: Supporter) -> Membership | None:
    return (
        Membership.objects.select_related("membership_type")
        .filter(supporter=supporter, status__in=Membership.CURRENT)
        .first()
    )


def supporter_active_consents(*, supporter: Supporter) -> QuerySet[Consent]:
    return Consent.objects.filter(supporter=supporter, withdrawn_at__isnull=True)


def supporter_gifts(*, supporter: Supporter) -> list | None:
    """The supporter's gifts from the giving app, or ``None`` when giving offers no selector
    (the page then says nothing about gifts rather than failing)."""
    try:
        from candle.giving.selectors import donations_for_supporter  # type: ignore[import-not-found]
    except ImportError:
        return None
    return list(donations_for_supporter(supporter=supporter))
