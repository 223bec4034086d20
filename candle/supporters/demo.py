"""Demo supporters and members: visibly fictional people (가명 means "pseudonym"; *.example
addresses), membership types an editor would set, consents as the join form records them, and
one duplicate pair for staff to try merging. Idempotent: keyed on e-mail addresses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from .consent_texts import membership_consent_text, newsletter_consent_text
from .membership import membership_dues_received, membership_join
from .models import Consent, Membership, MembershipType, Supporter
from .services import consent_record, supporter_get_or_create

MEMBERSHIP_TYPES = [
    # (Korean name, English name, dues, period, Korean description, English description)
    (
        "정회원",
        "Regular member",
        30000,
        MembershipType.Period.YEARLY,
        "총회에서 의결권을 가지며 연회비를 냅니다.",
        "Votes at the general assembly; pays yearly dues.",
    ),
    (
        "후원회원",
        "Supporting member",
        10000,
        MembershipType.Period.MONTHLY,
        "매월 회비로 난민 구출과 교육 사업을 함께합니다.",
        "Monthly dues that fund rescues and education.",
    ),
    (
        "온라인회원",
        "Online member",
        0,
        MembershipType.Period.YEARLY,
        "회비 없이 소식을 받고 캠페인에 참여합니다.",
        "No dues: news and campaigns by e-mail.",
    ),
]

# (name, e-mail, phone, language, kind, membership type index or None, newsletter, tags)
PEOPLE = [
    (
        "김가명",
        "gamyeong.kim@candle.example",
        "010-0000-0001",
        "ko",
        "person",
        0,
        True,
        ["정기후원", "자원활동"],
    ),
    ("이예시", "yesi.lee@candle.example", "010-0000-0002", "ko", "person", 1, False, []),
    (
        "Jane Example",
        "jane@candle.example",
        "+1 202 555 0100",
        "en",
        "person",
        2,
        True,
        ["overseas"],
    ),
    (
        "가명재단",
        "office@foundation.example",
        "02-0000-0003",
        "ko",
        "organisation",
        None,
        True,
        ["기관"],
    ),
    ("박샘플", "sample.park@candle.example", "010-0000-0004", "ko", "person", 0, False, []),
]
# The same person entered twice, once from a paper form with a differently written number.
DUPLICATE = ("박 샘플", "", "+82 10 0000 0004", "ko", "person")


def _types() -> list[MembershipType]:
    types = []
    for order, (ko, en, dues, period, desc_ko, desc_en) in enumerate(MEMBERSHIP_TYPES):
        kind, _ = MembershipType.objects.get_or_create(
            name_ko=ko,
            defaults={
                "name_en": en,
                "dues": dues,
                "period": period,
                "sort_order": order,
                "description_ko": desc_ko,
                "description_en": desc_en,
            },
        )
        types.append(kind)
    return types


@transaction.atomic
def demo_load() -> list[str]:
    types = _types()
    today = timezone.localdate()
    members = 0
    for index, (name, email, phone, language, kind, type_index, newsletter, tags) in enumerate(
        PEOPLE
    ):
        supporter = supporter_get_or_create(
            email=email, name=name, phone=phone, locale=language, kind=kind
        )
        if tags:
            supporter.tags.add(*tags)
        with translation.override(language):
            if type_index is not None:
                membership, created = membership_join(
                    supporter=supporter,
                    membership_type=types[type_index],
                    consent_text=membership_consent_text(),
                    method=Consent.Method.WEB_FORM,
                    source="/supporters/join/",
                )
                if created:
                    members += 1
                    if (
                        types[type_index].dues and index != 4
                    ):  # 박샘플 stays pending: dues not yet paid
                        # paid eleven months ago, so the renewal reminder falls due within a month
                        paid_on = today - dt.timedelta(days=340)
                        Membership.objects.filter(pk=membership.pk).update(joined_on=paid_on)
                        membership_dues_received(membership=membership, paid_on=paid_on)
            if (
                newsletter
                and not supporter.consents.filter(purpose=Consent.Purpose.NEWSLETTER).exists()
            ):
                consent_record(
                    supporter=supporter,
                    purpose=Consent.Purpose.NEWSLETTER,
                    text=newsletter_consent_text(),
                    method=Consent.Method.WEB_FORM,
                    source="/supporters/join/",
                )
    name, email, phone, language, kind = DUPLICATE
    if not Supporter.objects.filter(name=name, phone_normalised="01000000004", email="").exists():
        Supporter.objects.create(
            name=name,
            phone=phone,
            preferred_language=language,
            kind=kind,
            notes="종이 신청서에서 입력 (demo)",
        )
    current = Membership.objects.filter(status__in=Membership.CURRENT).count()
    return [
        f"Supporters: {Supporter.objects.count()} fictional supporters, {current} current memberships "
        f"({members} new), {len(types)} membership types; one duplicate pair (박샘플) to merge under "
        "Admin → Duplicate supporters.",
        "Join at /ko/supporters/join/ · own page via e-mailed link at /ko/supporters/me/",
    ]
