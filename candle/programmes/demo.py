"""Demo events: an event index in both languages, two upcoming events (one full, with a
waiting list), a paid concert (paid through the test provider, a held seat, a refund to make,
a waiting list) and a past one with attendance marked. Registrants are visibly fictional
(홍길동예시…, Example …, *.example.org addresses). Running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Locale

from candle.pages.models import HomePage

from .models import EventIndexPage, EventPage, Registration
from .services import attendance_mark, registration_create

KO_NAMES = ["홍길동예시", "김예시", "이샘플", "박가명", "최시험", "정예시", "강샘플", "조가명"]


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
        page = source.copy_for_translation(locale, copy_parents=True, alias=False)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def _seoul(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


QUESTIONS = [
    {
        "type": "question",
        "value": {"label": "소속 (선택)", "kind": "text", "choices": "", "required": False},
        "id": "6a4f2b0e-0c1d-4e7a-9b1a-000000000001",
    },
    {
        "type": "question",
        "value": {
            "label": "어떻게 알게 되셨나요?",
            "kind": "choice",
            "choices": "누리집\n소식지\n지인 소개\n기타",
            "required": True,
        },
        "id": "6a4f2b0e-0c1d-4e7a-9b1a-000000000002",
    },
]


# The same questions in English (same block ids: an answer belongs to the question, whichever
# language it was asked in).
QUESTIONS_EN = [
    {**QUESTIONS[0], "value": {**QUESTIONS[0]["value"], "label": "Organisation (optional)"}},
    {
        **QUESTIONS[1],
        "value": {
            **QUESTIONS[1]["value"],
            "label": "How did you hear about us?",
            "choices": "Our website\nThe newsletter\nA friend\nOther",
        },
    },
]


def _register(event, n: int, *, language: str = "ko") -> None:
    name = KO_NAMES[n % len(KO_NAMES)] + str(n) if language == "ko" else f"Example Person {n}"
    registration_create(
        event=event,
        name=name,
        email=f"demo-event-{event.pk}-{n}@example.org",
        locale=language,
        answers=[
            {"id": QUESTIONS[1]["id"], "label": QUESTIONS[1]["value"]["label"], "answer": "누리집"}
        ],
        consent_text="(예시) 행사 참가를 위한 개인정보 수집·이용에 동의합니다.",
    )


def demo_load() -> list[str]:
    home_ko = HomePage.objects.filter(locale__language_code="ko").first()
    if home_ko is None:
        return ["programmes: no home page, skipped"]
    en = Locale.objects.get_or_create(language_code="en")[0]
    index = _page(
        EventIndexPage,
        parent=home_ko,
        slug="events",
        title="행사",
        show_in_menus=True,  # in the main menu, so readers find the events
        intro="세미나, 영화 상영회, 음악회, 자선 달리기에 함께해 주세요.",
    )
    _translation(
        index,
        en,
        title="Events",
        intro="Join us at seminars, film screenings, concerts and charity runs.",
    )
    seminar = _page(
        EventPage,
        parent=index,
        slug="seminar-example",
        title="(예시) 북한인권 세미나",
        intro="탈북민의 정착과 인권을 주제로 한 공개 세미나입니다. (시연용 예시 행사)",
        starts_at=_seoul(14, 14),
        ends_at=_seoul(14, 17),
        venue="예시 회관 2층 강당",
        address="서울특별시 예시구 예시로 12",
        map_url="https://map.example/seminar",
        capacity=40,
        questions=QUESTIONS,
    )
    _translation(
        seminar,
        en,
        title="(Example) Seminar on North Korean human rights",
        intro="An open seminar on the settlement and rights of North Korean defectors (a demo event).",
        venue="Example Hall, 2nd floor",
        address="12 Example-ro, Example-gu, Seoul",
        questions=QUESTIONS_EN,
    )
    screening = _page(
        EventPage,
        parent=index,
        slug="screening-example",
        title="(예시) 다큐멘터리 상영회",
        intro="작은 상영회라 자리가 적습니다. 자리가 없으면 대기자로 신청해 주세요. (예시)",
        starts_at=_seoul(3, 19),
        ends_at=_seoul(3, 21),
        venue="예시 소극장",
        address="서울특별시 예시구 예시로 34",
        capacity=6,
        questions=QUESTIONS,
    )
    _translation(
        screening,
        en,
        title="(Example) Documentary screening",
        intro="A small screening with few seats: join the waiting list if it is full (a demo event).",
        questions=QUESTIONS_EN,
        venue="Example small theatre",
        address="34 Example-ro, Example-gu, Seoul",
    )
    past = _page(
        EventPage,
        parent=index,
        slug="run-example",
        title="(예시) 자선 달리기",
        intro="지난 행사입니다. (예시)",
        starts_at=_seoul(-20, 9),
        ends_at=_seoul(-20, 12),
        venue="예시 공원",
        capacity=30,
        registration_opens_at=_seoul(-60, 9),
        registration_closes_at=_seoul(-21, 9),
    )
    lines = []
    if not Registration.objects.filter(event=seminar).exists():
        for n in range(12):
            _register(seminar, n, language="en" if n % 4 == 0 else "ko")
        for n in range(9):
            _register(screening, n)
        lines.append("programmes: 2 upcoming events with 21 registrations (one waiting list)")
    if not Registration.objects.filter(event=past).exists():
        # a past event: registration closed long ago, so its rows are written as they were
        from candle.supporters.services import supporter_get_or_create

        for n in range(8):
            supporter = supporter_get_or_create(
                email=f"demo-run-{n}@example.org", name=KO_NAMES[n], locale="ko"
            )
            registration = Registration.objects.create(
                event=past,
                supporter=supporter,
                name=KO_NAMES[n],
                email=supporter.email,
                status=Registration.Status.CONFIRMED,
                consent_text="(예시) 동의",
            )
            if n % 3:
                attendance_mark(registration=registration, attended=True)
        lines.append("programmes: a past event with 8 registrations and attendance")
    lines += _paid_event_demo(index, en)
    from .lectures.demo import demo_load as lectures_demo_load

    lines += lectures_demo_load()
    return lines


def _paid_event_demo(index, en) -> list[str]:
    """A paid concert (15,000원): people who paid through the test provider, one seat held
    awaiting payment, one who paid and cancelled (a refund for staff to make), a waiting list."""
    concert = _page(
        EventPage,
        parent=index,
        slug="concert-example",
        title="(예시) 자선 음악회",
        intro="참가비는 북한이탈 청소년 장학금에 쓰입니다. (시연용 예시 행사, 실제 결제 없음)",
        starts_at=_seoul(21, 19),
        ends_at=_seoul(21, 21),
        venue="예시 아트홀",
        address="서울특별시 예시구 예시로 56",
        capacity=8,
        price=15000,
        questions=QUESTIONS,
    )
    _translation(
        concert,
        en,
        title="(Example) Charity concert",
        intro="The fee goes to scholarships for young North Korean resettlers (a demo event; no real payment).",
        venue="Example Art Hall",
        address="56 Example-ro, Example-gu, Seoul",
        questions=QUESTIONS_EN,
    )
    if Registration.objects.filter(event=concert).exists():
        return []
    from django.conf import settings

    from candle.giving.providers import provider_get

    from .payments import registration_payment_start
    from .services import registration_cancel

    for n in range(11):
        _register(concert, n, language="en" if n % 5 == 0 else "ko")
    held = list(Registration.objects.filter(event=concert, status="unpaid").order_by("pk"))
    if not settings.CANDLE_TEST_PROVIDER_ENABLED:
        return ["programmes: a paid event with 11 registrations (no test provider: all unpaid)"]
    test = provider_get("test")
    for registration in held[:-1]:  # the last one stays held, awaiting payment
        test.checkout_complete(
            registration_payment_start(registration_id=registration.pk, provider=test),
            approve=True,
        )
    registration_cancel(registration_id=held[0].pk)  # paid, then cancelled: a refund to make
    return ["programmes: a paid event (test provider) with paid, held, refund-due and waiting"]
