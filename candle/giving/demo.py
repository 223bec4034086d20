"""Demo giving: the give page and the "한 생명 살리기" campaign in both languages, and a past
year of gifts from visibly fictional donors (김가명, Jane Example, *.example addresses)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from candle.pages.models import HomePage
from candle.pages.urls_fast import absolute_url
from candle.supporters.services import supporter_get_or_create

from .models import CampaignPage, GivePage, MatchingPledge, Pledge
from .models.choices import Currency, Frequency, Method
from .services import donation_record_offline, tax_id_store

KO_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
KO_GIVEN = ["가명", "예시", "샘플", "시험"]
EN_NAMES = ["Jane Example", "John Example", "Alex Sample", "Sam Placeholder", "Kim Example"]


def _page(model, *, parent, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _translation(source, locale: Locale, **fields):
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale, copy_parents=False, alias=False)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def _appeal_link(campaign, en: Locale) -> None:
    """The demo's urgent appeal (a post on the home page) names the campaign, so the home
    page's appeal and the post itself lead to a way to give."""
    from candle.pages.models import PostPage

    appeal = PostPage.objects.filter(
        slug="sharing-hope-appeal-2026", locale=campaign.locale
    ).first()
    if appeal is None:
        return
    for post in (appeal, appeal.get_translation_or_none(en)):
        if post is not None and post.campaign_id is None:
            post.campaign = campaign
            post.save_revision().publish()


@transaction.atomic
def demo_load(*, seed: int = 1) -> list[str]:
    home_ko = HomePage.objects.filter(locale__language_code="ko").first()
    if home_ko is None:
        from candle.pages.services import site_tree_ensure

        home_ko = site_tree_ensure()["ko"].home
    en = Locale.objects.get_or_create(language_code="en")[0]
    give_ko = _page(
        GivePage,
        parent=home_ko,
        slug="give",
        title="후원하기",
        intro="북한 난민 구출과 탈북 청소년 교육은 모두 여러분의 후원으로 이루어집니다.",
        currency=Currency.KRW,
        amount_presets="10000,30000,50000,100000",
    )
    _translation(
        give_ko,
        en,
        title="Give",
        currency=Currency.USD,
        amount_presets="10,25,50,100",
        intro="Every rescue of a North Korean refugee and every class for young defectors is paid for by gifts.",
    )
    year = timezone.localdate().year
    campaign_ko = _page(
        CampaignPage,
        parent=home_ko,
        slug="save-one-life",
        title="한 생명 살리기",
        intro="중국에 숨어 지내는 북한 난민 한 사람을 안전한 곳으로 데려오는 데 드는 비용을 모읍니다.",
        goal=Decimal("50000000"),
        currency=Currency.KRW,
        deadline=timezone.localdate() + dt.timedelta(days=90),
        amount_presets="30000,50000,100000,300000",
    )
    if not campaign_ko.matching_pledges.exists():
        MatchingPledge.objects.create(
            page=campaign_ko,
            donor_name="익명의 후원자",
            ratio=Decimal("1.00"),
            cap=Decimal("10000000"),
            deadline=campaign_ko.deadline,
        )
    campaign_en = _translation(
        campaign_ko,
        en,
        title="Save One Life",
        currency=Currency.USD,
        goal=Decimal("40000"),
        amount_presets="25,50,100,250",
        intro="Bringing one North Korean refugee hiding in China to safety: this fund pays for the journey.",
    )

    _appeal_link(campaign_ko, en)

    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    last_year = year - 1
    created = 0
    donors = []
    for index in range(40):
        if index < 35:
            name = KO_FAMILY[index % 10] + KO_GIVEN[index // 10 % 4]
            locale = "ko"
        else:
            name, locale = EN_NAMES[index - 35], "en"
        supporter = supporter_get_or_create(
            email=f"donor{index:02d}@supporters.example", name=name, locale=locale
        )
        donors.append(supporter)
        if index % 5 == 0 and not hasattr(supporter, "tax_id"):
            tax_id_store(
                supporter=supporter,
                raw=f"{80 + index % 15:02d}0{1 + index % 9}1{index % 10}-1000{index:03d}",
            )
    for index, supporter in enumerate(donors[:35]):
        receipt = index % 5 == 0
        if index < 12:  # monthly givers, by card, bank transfer or CMS
            method = [Method.CARD, Method.BANK_TRANSFER, Method.CMS][index % 3]
            pledge = Pledge.objects.filter(supporter=supporter).first() or Pledge.objects.create(
                supporter=supporter,
                amount=Decimal([10000, 20000, 30000, 50000][index % 4]),
                currency=Currency.KRW,
                method=method,
                status=Pledge.Status.ACTIVE,
                provider="test" if method == Method.CARD else "",
                reference=f"CDL{index:08X}",
                day_of_month=1 + index % 28,
                receipt_requested=receipt,
            )
            # The pledge was made before its first gift (January last year), not today.
            Pledge.objects.filter(pk=pledge.pk, created_at__year__gt=last_year).update(
                created_at=dt.datetime(last_year, 1, 1, 9, tzinfo=timezone.get_current_timezone())
            )
            for month in range(1, 13):
                when = dt.datetime(
                    last_year,
                    month,
                    pledge.day_of_month,
                    10,
                    tzinfo=timezone.get_current_timezone(),
                )
                _d, new = donation_record_offline(
                    supporter=supporter,
                    amount=pledge.amount,
                    currency=Currency.KRW,
                    method=method,
                    received_at=when,
                    source_ref=f"demo:{pledge.reference}:{last_year}{month:02d}",
                    pledge=pledge,
                    frequency=Frequency.MONTHLY,
                    receipt_requested=receipt,
                )
                created += new
        else:  # one-off gifts, some to the campaign this year
            for gift in range(1 + index % 3):
                # Some gifts to the campaign in the last weeks (never after today), the rest
                # on a day of last year.
                this_year = gift == 0 and index % 2 == 0
                if this_year:
                    day = today - dt.timedelta(days=rng.randint(1, 60))
                else:
                    day = dt.date(last_year, rng.randint(1, 12), rng.randint(1, 28))
                when = dt.datetime.combine(day, dt.time(14), tzinfo=timezone.get_current_timezone())
                _d, new = donation_record_offline(
                    supporter=supporter,
                    amount=Decimal(rng.choice([30000, 50000, 100000, 300000, 1000000])),
                    currency=Currency.KRW,
                    method=Method.CARD,
                    received_at=when,
                    source_ref=f"demo:oneoff:{index}:{gift}",
                    campaign=campaign_ko if this_year else None,
                    receipt_requested=receipt,
                )
                created += new
    for index, supporter in enumerate(donors[35:]):
        day = today - dt.timedelta(days=7 + 9 * index)  # dollar gifts of the last weeks
        when = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
        _d, new = donation_record_offline(
            supporter=supporter,
            amount=Decimal([25, 50, 100, 250, 40][index]),
            currency=Currency.USD,
            method=Method.GLOBALGIVING if index % 2 else Method.CARD,
            received_at=when,
            source_ref=f"demo:usd:{index}",
            campaign=campaign_en,
        )
        created += new
    return [
        f"Giving: give page {absolute_url(give_ko.get_url())}, campaign 'save-one-life' in ko "
        f"and en, {created} fictional gifts added (a full year {last_year} and some of the last "
        "weeks).",
        f"Issue last year's receipts: manage.py issue_receipts --year {last_year} --out var/receipts",
    ]
