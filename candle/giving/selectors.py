"""Reads for giving: campaign progress, a supporter's gifts, staff totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateTimeField, F, Max, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    CampaignPage,
    Donation,
    DonorTaxId,
    GivePage,
    Pledge,
    Receipt,
    StatementLine,
    TaxIdSubmission,
)


@dataclass
class Match:
    """One matching pledge as the public sees it: ``donor_name`` is empty unless the donor
    agreed to be named (the page then says "a matching donor")."""

    donor_name: str
    ratio: Decimal
    cap: Decimal
    matched: Decimal


@dataclass
class OtherCurrency:
    """Gifts to the campaign in a currency other than its own (dollars through the English
    page): shown beside the total, never converted into it."""

    currency: str
    raised: Decimal
    donors: int


@dataclass
class Progress:
    goal: Decimal
    currency: str
    raised: Decimal
    donors: int
    matches: list[Match] = field(default_factory=list)
    other_currencies: list[OtherCurrency] = field(default_factory=list)

    @property
    def matched(self) -> Decimal:
        return sum((m.matched for m in self.matches), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.raised + self.matched

    @property
    def percent(self) -> int:
        return int(min(100, self.total * 100 / self.goal)) if self.goal else 0


def campaign_original(*, campaign: CampaignPage) -> CampaignPage:
    """The language version the campaign was created in (the first of its translations made):
    its goal, currency and matching pledges are the campaign's, whichever language a reader
    reads it in. One query, none when ``campaign`` is the original."""
    original = (
        CampaignPage.objects.filter(translation_key=campaign.translation_key).order_by("pk").first()
    )
    return campaign if original is None or original.pk == campaign.pk else original


def campaign_progress(*, campaign: CampaignPage) -> Progress:
    """The thermometer, the same in every language: the original's goal and currency; gifts
    to any language version in that currency, plus what the original's matching pledges add
    (each matches ``ratio`` × the gifts received up to its deadline, at most ``cap``). Gifts in
    another currency are listed beside the total, never converted. Three queries."""
    original = campaign_original(campaign=campaign)
    gifts = Donation.objects.filter(
        campaign__translation_key=original.translation_key, status=Donation.Status.RECEIVED
    )
    pledges = list(original.matching_pledges.all())
    own = Q(currency=original.currency)
    aggregates = {}
    tz = timezone.get_current_timezone()
    for index, pledge in enumerate(pledges):
        condition = own
        if pledge.deadline:
            end = dt.datetime.combine(
                pledge.deadline + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
            condition &= Q(received_at__lt=end)
        aggregates[f"m{index}"] = Sum("amount", filter=condition)
    by_currency = {
        row["currency"]: row
        for row in gifts.order_by()
        .values("currency")
        .annotate(raised=Sum("amount"), donors=Count("supporter", distinct=True), **aggregates)
    }
    mine = by_currency.pop(original.currency, {})
    matches = []
    for index, pledge in enumerate(pledges):
        eligible = mine.get(f"m{index}") or Decimal(0)
        matches.append(
            Match(
                pledge.donor_name if pledge.name_public else "",
                pledge.ratio,
                pledge.cap,
                min(pledge.cap, eligible * pledge.ratio),
            )
        )
    return Progress(
        goal=original.goal,
        currency=original.currency,
        raised=mine.get("raised") or Decimal(0),
        donors=mine.get("donors") or 0,
        matches=matches,
        other_currencies=[
            OtherCurrency(currency, row["raised"], row["donors"])
            for currency, row in sorted(by_currency.items())
        ],
    )


def campaigns_open(*, locale_id: int, limit: int = 3) -> list[CampaignPage]:
    """The live, public campaigns of one language still taking gifts, the nearest deadline
    first (open-ended ones last): the home and give pages link them. One query (the view
    restrictions from the site-wide data cache, ``not_private``: ``.public()`` asked the
    database for them and cost an uncached home page about a tenth of its time)."""
    from candle.pages.selectors import not_private

    today = timezone.localdate()
    return list(
        CampaignPage.objects.live()
        .filter(not_private())
        .filter(locale_id=locale_id)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .order_by(F("deadline").asc(nulls_last=True), "-first_published_at", "pk")[:limit]
    )


def give_page_for_locale(*, locale_id: int) -> GivePage | None:
    """The give page of one language (one per home page), if live and public. One query."""
    from candle.pages.selectors import not_private

    return GivePage.objects.live().filter(not_private(), locale_id=locale_id).order_by("pk").first()


def campaign_in_locale(*, campaign_id: int, locale_id: int) -> CampaignPage | None:
    """The campaign ``campaign_id`` in the reader's language; the one linked if it has no
    live translation there yet (a post's link to a campaign is the same page in every
    language: wagtail-localize keeps links to pages as they are). None if neither is live
    and public. One query."""
    versions = list(
        CampaignPage.objects.live()
        .public()
        .filter(
            translation_key=Subquery(
                CampaignPage.objects.filter(pk=campaign_id).values("translation_key")[:1]
            )
        )
        .filter(Q(locale_id=locale_id) | Q(pk=campaign_id))
    )
    for page in versions:
        if page.locale_id == locale_id:
            return page
    return versions[0] if versions else None


def give_destination(*, page, locale_id: int):
    """Where a reader of ``page`` (an appeal on the home page, a post) goes to give: the page
    itself if it is a campaign, the campaign a post names (in the reader's language), else
    the give page of the reader's language. None when there is none to go to."""
    if isinstance(page, CampaignPage):
        return page
    campaign_id = getattr(page, "campaign_id", None)
    if campaign_id:
        campaign = campaign_in_locale(campaign_id=campaign_id, locale_id=locale_id)
        if campaign is not None:
            return campaign
    return give_page_for_locale(locale_id=locale_id)


def donations_for_supporter(*, supporter) -> QuerySet[Donation]:
    """A supporter's gifts, newest first, with the campaign — for the member's own page."""
    return (
        Donation.objects.filter(supporter=supporter)
        .select_related("campaign", "pledge")
        .order_by("-received_at", "-pk")
    )


def pledges_for_supporter(*, supporter) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(supporter=supporter)
        .select_related("campaign")
        .order_by("-created_at")
    )


def pledges_open_for_supporter(*, supporter) -> QuerySet[Pledge]:
    """The monthly gifts a supporter can still stop (waiting, active or paused)."""
    return pledges_for_supporter(supporter=supporter).exclude(status=Pledge.Status.CANCELLED)


def donation_last_at(*, supporter) -> dt.datetime | None:
    return Donation.objects.filter(supporter=supporter).aggregate(last=Max("received_at"))["last"]


def giving_totals(*, year: int | None = None) -> dict[str, list[dict]]:
    """Staff dashboard: received gifts by campaign, by month and by method (per currency)."""
    qs = Donation.objects.filter(status=Donation.Status.RECEIVED)
    if year:
        qs = qs.filter(received_at__year=year)
    by_campaign = list(
        qs.values("campaign__title", "currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("campaign__title", "currency")
    )
    by_month = list(
        qs.annotate(month=TruncMonth("received_at", output_field=DateTimeField()))
        .values("month", "currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("month", "currency")
    )
    by_method = list(
        qs.values("method", "currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("method", "currency")
    )
    return {"campaign": by_campaign, "month": by_month, "method": by_method}


def receipt_totals_for_year(*, year: int) -> QuerySet:
    """Per supporter: the year's received won gifts, for receipts."""
    return (
        Donation.objects.filter(
            status=Donation.Status.RECEIVED, currency="KRW", received_at__year=year
        )
        .values("supporter")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("supporter")
    )


def receipts_for_year(*, year: int) -> QuerySet[Receipt]:
    return (
        Receipt.objects.filter(year=year, voided_at__isnull=True)
        .select_related("supporter")
        .order_by("serial")
    )


def statement_lines_unmatched() -> QuerySet[StatementLine]:
    return StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED).order_by(
        "occurred_on", "pk"
    )


def tax_ids_for_receipts(*, supporter_ids, year: int) -> dict[int, DonorTaxId]:
    """The resident registration number each donor's receipt for ``year`` carries: the donor's
    confirmed number (``DonorTaxId``: given by staff, by the form that created the donor once
    its gift was paid, or a change staff accepted), in one query. A number typed on the public
    form for an existing donor waits for staff (``TaxIdSubmission`` ``pending``) and reaches no
    receipt and no NTS line until they accept it: whoever knows a donor's e-mail address could
    have typed it. Donors without a confirmed number are absent from the result; ``year`` is
    kept for callers, as the rule may come to depend on it."""
    del year
    return {
        t.supporter_id: t for t in DonorTaxId.objects.filter(supporter_id__in=list(supporter_ids))
    }


def tax_id_submissions_pending() -> QuerySet[TaxIdSubmission]:
    """Numbers given with paid gifts that wait for staff, oldest first, with the donor's
    stored number beside each (``supporter__tax_id``)."""
    return (
        TaxIdSubmission.objects.filter(status=TaxIdSubmission.Status.PENDING)
        .select_related("supporter", "supporter__tax_id", "payment")
        .order_by("created_at", "pk")
    )
