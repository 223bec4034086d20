"""Demo advocacy: an open urgent appeal with signatures, a delivered one with its outcome,
and a joint statement signed by a dozen fictional organisations. Every person, organisation
and target here is made up (홍길동예시, "Example", *.example addresses)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone
from wagtail.models import Locale

from candle.pages.models import HomePage, WorkArea

from .forms import signature_consent_text
from .models import AppealPage, OrganisationSignature, Signature

_IDS = uuid.UUID("0b7f6a52-3c1e-4f5e-8a2d-9e4b1c7d2a60")

KO_NAMES = ["홍길동예시", "김예시", "이가명", "박샘플", "최시험", "정예시", "강가명", "조샘플"]
EN_NAMES = ["Jane Example", "John Example", "Alex Sample", "Sam Placeholder"]
COUNTRIES = ["KR", "KR", "KR", "US", "GB", "JP", "DE", "CA", "AU", "FR"]

ORGANISATIONS = [
    ("KR", "예시인권연대", "Example Rights Solidarity"),
    ("KR", "가명난민지원센터", "Placeholder Refugee Centre"),
    ("KR", "샘플청년모임", "Sample Youth Circle"),
    ("JP", "예시 아시아 인권 네트워크", "Example Asia Rights Network"),
    ("JP", "가명 구원회", "Placeholder Rescue Society"),
    ("US", "예시 자유 재단", "Example Freedom Foundation"),
    ("US", "샘플 법률 지원단", "Sample Legal Aid"),
    ("GB", "예시 인권 감시", "Example Rights Watch UK"),
    ("GB", "가명 난민 협회", "Placeholder Refugee Association"),
    ("DE", "예시 인간 존엄 협회", "Example Human Dignity e.V."),
    ("FR", "샘플 연대", "Sample Solidarité"),
    ("CA", "예시 북한 난민 지원회", "Example NK Refugee Support"),
]


def _paragraph(key: str, html: str) -> list[dict]:
    return [{"type": "paragraph", "value": html, "id": str(uuid.uuid5(_IDS, key))}]


def _appeal(home, *, slug: str, **fields) -> AppealPage:
    page = AppealPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = AppealPage(slug=slug, locale=home.locale, **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _translation(source: AppealPage, locale: Locale, **fields) -> AppealPage:
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale, copy_parents=False, alias=False)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def _signatures(appeal: AppealPage, count: int, prefix: str) -> int:
    if Signature.objects.filter(appeal_key=appeal.translation_key).exists():
        return 0
    now = timezone.now()
    rows = []
    for index in range(count):
        english = index % 5 == 4
        name = EN_NAMES[index % 4] if english else KO_NAMES[index % len(KO_NAMES)]
        email = f"{prefix}{index:03d}@signers.example"
        rows.append(
            Signature(
                appeal=appeal,
                appeal_key=appeal.translation_key,
                name=f"{name} {index + 1}",
                email=email,
                email_normalised=email,
                country=COUNTRIES[index % len(COUNTRIES)],
                comment="강제북송을 멈춰 주십시오." if index % 7 == 0 else "",
                language="en" if english else "ko",
                consent_text=signature_consent_text(),
                counted=index % 9 != 8,  # a few still wait for their link
                confirmed_at=now if index % 9 != 8 else None,
            )
        )
    Signature.objects.bulk_create(rows)
    return len(rows)


def demo_load() -> list[str]:
    home_ko = HomePage.objects.filter(locale__language_code="ko").first()
    if home_ko is None:
        return []
    en = Locale.objects.get_or_create(language_code="en")[0]
    area = WorkArea.objects.filter(slug="advocacy").first()
    now = timezone.now()
    urgent = _appeal(
        home_ko,
        slug="urgent-appeal-example",
        title="긴급 호소(예시): 구금된 탈북민 강제북송을 멈춰 주십시오",
        intro="예시국에 구금된 탈북민 열 명이 강제북송될 위기에 있습니다. 송환되면 고문과 "
        "구금이 기다립니다. 지금 서명해 주십시오.",
        statement=_paragraph(
            "urgent-ko",
            "<p>우리는 예시국 정부에 구금된 탈북민의 강제송환을 즉시 멈추고, 이들이 원하는 곳으로 "
            "안전하게 갈 수 있도록 보장할 것을 요청합니다. 난민협약과 고문방지협약의 강제송환 금지 "
            "원칙은 어떤 경우에도 지켜져야 합니다.</p>",
        ),
        target_kind=AppealPage.TargetKind.EMBASSY,
        target_name="예시국 대사관 (가상의 수신처)",
        target_language="ko",
        deadline=now + dt.timedelta(days=5),
        signature_goal=5000,
        work_area=area,
    )
    _translation(
        urgent,
        en,
        title="Urgent appeal (example): stop the forced return of detained North Koreans",
        intro="Ten North Koreans detained in Exampleland face forced return, and with it "
        "torture and prison camps. Sign now.",
        statement=_paragraph(
            "urgent-en",
            "<p>We call on the government of Exampleland to halt at once the forced return of "
            "the North Koreans it holds, and to let them travel safely to the country of their "
            "choice. The principle of non-refoulement binds every state without exception.</p>",
        ),
        target_name="Embassy of Exampleland (a made-up target)",
    )
    delivered = _appeal(
        home_ko,
        slug="delivered-appeal-example",
        title="유엔 청원(예시): 북송 위기 가족을 보호해 주십시오",
        intro="지난해 서명을 모아 유엔 인권 기구에 전달한 예시 청원입니다.",
        statement=_paragraph(
            "delivered-ko",
            "<p>유엔 인권 기구가 예시국에 특별 서한을 보내 구금된 가족의 송환을 막아 줄 것을 "
            "요청했습니다.</p>",
        ),
        target_kind=AppealPage.TargetKind.UN_BODY,
        target_name="UN human rights body (example)",
        target_language="en",
        status=AppealPage.Status.DELIVERED,
        deadline=now - dt.timedelta(days=60),
        signature_goal=300,
        outcome=_paragraph(
            "outcome-ko",
            "<p>서명 312건을 전달했고, 유엔 특별보고관이 예시국에 서한을 보냈습니다. 가족 네 명은 "
            "송환되지 않고 제3국으로 떠날 수 있었습니다. 함께해 주셔서 감사합니다.</p>",
        ),
        work_area=area,
    )
    _translation(
        delivered,
        en,
        title="UN petition (example): protect the family facing forced return",
        intro="An example petition delivered to a UN human rights body last year.",
        statement=_paragraph(
            "delivered-en",
            "<p>We asked the UN to write to Exampleland and stop the return of a detained "
            "family.</p>",
        ),
        outcome=_paragraph(
            "outcome-en",
            "<p>We delivered 312 signatures; a Special Rapporteur wrote to Exampleland. The four "
            "members of the family were not returned and could leave for a third country. "
            "Thank you.</p>",
        ),
    )
    made = _signatures(urgent, 180, "urgent") + _signatures(delivered, 312, "past")
    orgs = 0
    if not OrganisationSignature.objects.filter(appeal_key=urgent.translation_key).exists():
        for index, (country, ko, en_name) in enumerate(ORGANISATIONS):
            OrganisationSignature.objects.create(
                appeal=urgent,
                appeal_key=urgent.translation_key,
                name_ko=ko,
                name_en=en_name,
                country=country,
                contact_name=f"담당자예시 {index + 1}",
                email=f"org{index:02d}@organisations.example",
                email_normalised=f"org{index:02d}@organisations.example",
                website=f"https://org{index:02d}.example",
                consent_text="동의(예시)",
                status=OrganisationSignature.Status.APPROVED,
                reviewed_at=now,
            )
            orgs += 1
    return [
        f"advocacy: 2 appeals in both languages, {made} signatures, {orgs} organisations",
    ]
