"""Events in the browser: registering for a free event in Korean takes the last seat; the next
person, in English, joins the waiting list; cancelling through the mailed link moves them up."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect


@pytest.fixture
def events(live_site, site_tree):
    from wagtail.models import Locale

    from candle.programmes.models import EventIndexPage, EventPage

    index = EventIndexPage(title="행사", slug="events")
    site_tree["ko"].home.add_child(instance=index)
    index.save_revision().publish()
    start = timezone.now() + dt.timedelta(days=10)
    event = EventPage(
        title="(예시) 영화 상영회",
        slug="screening",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue="예시 소극장",
        address="서울특별시 예시구 예시로 1",
        capacity=1,
        questions=[
            {
                "type": "question",
                "value": {"label": "소속", "kind": "text", "choices": "", "required": True},
                "id": "11111111-1111-1111-1111-111111111111",
            }
        ],
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    english = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    english.title = "(Example) Film screening"
    english.save_revision().publish()
    return {"ko": event, "en": english}


def _form_violations(page, axe_violations):
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe_violations(page)
        if any(
            ".registration-form" in str(t) or ".event" in str(t)
            for n in v["nodes"]
            for t in n.get("target", [])
        )
    ]


def test_register_in_korean_then_waiting_list_in_english(page, live_site, events, axe_violations):
    from django.core import mail

    from candle.programmes.models import Registration

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_site}/ko/events/screening/")
    expect(page.locator("#seats")).to_contain_text("남은 자리 1석")
    assert _form_violations(page, axe_violations) == []
    page.get_by_label("이름 *").fill("홍길동예시")
    page.get_by_label("이메일 *").fill("hong.e2e@example.org")
    page.get_by_label("소속 *").fill("예시 학교")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="참가 신청").click()
    expect(page.get_by_role("heading", name="신청을 받았습니다")).to_be_visible()
    page.reload()  # a reload does not register twice
    assert Registration.objects.get().status == "confirmed"

    page.goto(f"{live_site}/en/events/screening/")
    expect(page.locator("#seats")).to_contain_text("All seats are taken")
    page.get_by_label("Name *").fill("Example Person")
    page.get_by_label("E-mail *").fill("example.e2e@example.org")
    page.get_by_label("소속 *").fill("Example school")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Registration received")).to_be_visible()
    waiting = Registration.objects.get(email="example.e2e@example.org")
    assert waiting.status == "waiting" and waiting.language == "en"

    link = re.search(r"https?://\S+(/ko/programmes/events/cancel/\S+/)", mail.outbox[0].body)
    page.goto(live_site + link.group(1))
    page.get_by_role("button", name="참가 신청 취소").click()
    expect(page.get_by_role("heading", name="신청이 취소되었습니다")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mail.outbox[-1].subject == "A seat is now yours: (Example) Film screening"


@pytest.fixture
def concert(live_site, site_tree):
    """A paid event (15,000원, two seats) in Korean and English."""
    from wagtail.models import Locale

    from candle.programmes.models import EventIndexPage, EventPage

    index = EventIndexPage(title="행사", slug="events")
    site_tree["ko"].home.add_child(instance=index)
    index.save_revision().publish()
    start = timezone.now() + dt.timedelta(days=10)
    event = EventPage(
        title="(예시) 자선 음악회",
        slug="concert",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue="예시 아트홀",
        capacity=1,
        price=15000,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    english = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    english.title = "(Example) Charity concert"
    english.save_revision().publish()
    return {"ko": event, "en": english}


def _fill(page, *, name_label, email_label, name, email):
    page.get_by_label(name_label).fill(name)
    page.get_by_label(email_label).fill(email)
    page.locator("input[name=consent]").check()


def test_paid_event_in_korean_then_english_waiting_and_moved_up(page, live_site, concert):
    """Korean: register, pay on the test provider's checkout, see the seat confirmed. English:
    the only seat is taken, so the waiting list; the Korean payer cancels, the English person is
    moved up to a held seat, follows the mailed pay link and pays."""
    from django.core import mail

    from candle.giving.models import Donation, Payment
    from candle.programmes.models import Registration

    page.goto(f"{live_site}/ko/events/concert/")
    expect(page.locator(".event-fee")).to_contain_text("15,000원")
    _fill(
        page,
        name_label="이름 *",
        email_label="이메일 *",
        name="김예시",
        email="kim.e2e@example.org",
    )
    page.get_by_role("button", name="신청하고 결제하기").click()
    expect(page.get_by_role("heading", name="시험 결제")).to_be_visible()
    page.get_by_role("button", name="결제하기", exact=True).click()
    expect(
        page.get_by_role("heading", name="결제를 받았습니다. 자리가 확정되었습니다")
    ).to_be_visible()
    korean = Registration.objects.get(email="kim.e2e@example.org")
    assert korean.status == "confirmed" and korean.paid_at
    assert Payment.objects.get().purpose == "event" and not Donation.objects.exists()

    page.goto(f"{live_site}/en/events/concert/")
    expect(page.locator("#seats")).to_contain_text("All seats are taken")
    _fill(
        page,
        name_label="Name *",
        email_label="E-mail *",
        name="Example Person",
        email="ex.e2e@example.org",
    )
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Registration received")).to_be_visible()
    english = Registration.objects.get(email="ex.e2e@example.org")
    assert english.status == "waiting"

    paid_mail = next(
        m for m in mail.outbox if m.to == ["kim.e2e@example.org"] and "결제 완료" in m.subject
    )
    cancel = re.search(r"https?://\S+(/ko/programmes/events/cancel/\S+/)", paid_mail.body)
    page.goto(live_site + cancel.group(1))
    page.get_by_role("button", name="참가 신청 취소").click()
    expect(page.get_by_role("heading", name="신청이 취소되었습니다")).to_be_visible()
    expect(page.get_by_text("전액 환불해 드리겠습니다")).to_be_visible()
    korean.refresh_from_db()
    assert korean.refund_open

    english.refresh_from_db()
    assert english.status == "unpaid"
    moved = mail.outbox[-1]
    assert moved.subject == "A seat is held for you, please pay: (Example) Charity concert"
    pay = re.search(r"https?://\S+(/en/programmes/events/pay/\S+/)", moved.body)
    page.goto(live_site + pay.group(1))
    expect(page.get_by_text("₩15,000")).to_be_visible()
    page.get_by_role("button", name="Pay by card").click()
    expect(page.get_by_role("heading", name="Test payment")).to_be_visible()
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(
        page.get_by_role("heading", name="Payment received: your seat is confirmed")
    ).to_be_visible()
    english.refresh_from_db()
    assert english.status == "confirmed"


def test_paid_event_declined_card_in_english_keeps_the_seat_held(page, live_site, concert):
    from candle.programmes.models import Registration

    page.goto(f"{live_site}/en/events/concert/")
    _fill(
        page,
        name_label="Name *",
        email_label="E-mail *",
        name="Example Payer",
        email="payer.e2e@example.org",
    )
    page.get_by_role("button", name="Register and pay").click()
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("heading", name="The payment did not go through")).to_be_visible()
    assert Registration.objects.get().status == "unpaid"
    page.get_by_role("link", name="Try the payment again").click()
    page.get_by_role("button", name="Pay by card").click()
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(
        page.get_by_role("heading", name="Payment received: your seat is confirmed")
    ).to_be_visible()
    assert Registration.objects.get().status == "confirmed"
