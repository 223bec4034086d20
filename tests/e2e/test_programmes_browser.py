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
