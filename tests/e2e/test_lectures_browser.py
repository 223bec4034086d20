"""Lecture booking in the browser: a school asks for a lecture in Korean and a church in
English, on a phone-sized screen without relying on script; staff book both; each gets its
confirmation (with .ics) in its own language; the survey link from the mail is answered once."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect


def _fill(page, *, labels: dict, values: dict, day1: dt.date, day2: dt.date):
    page.get_by_label(labels["type"]).select_option(values["type"])
    page.get_by_label(labels["name"]).fill(values["name"])
    page.get_by_label(labels["region"]).select_option(values["region"])
    page.locator("[name=contact_name]").fill(values["contact"])
    page.locator("[name=phone]").fill("02-123-4567")
    page.locator("[name=email]").fill(values["email"])
    page.locator("[name=age_group]").select_option(values["audience"])
    page.locator("[name=audience_size]").fill("120")
    page.locator("[name=preferred_date_1]").fill(day1.isoformat())
    page.locator("[name=preferred_date_2]").fill(day2.isoformat())
    page.locator("[name=topic]").select_option(values["topic"])


KO = {
    "type": "기관 유형 *",
    "name": "기관 이름 *",
    "region": "지역 *",
    "contact": "담당자 *",
    "phone": "전화번호 *",
    "email": "이메일 *",
    "audience": "청중 *",
    "size": "예상 인원 *",
    "date1": "희망 날짜 *",
    "date2": "두 번째 희망 날짜 (선택)",
    "topic": "주제 *",
}
EN = {
    "type": "Type of institution *",
    "name": "Name of the institution *",
    "region": "Region *",
    "contact": "Contact person *",
    "phone": "Phone *",
    "email": "E-mail *",
    "audience": "Audience *",
    "size": "Expected number of listeners *",
    "date1": "Preferred date *",
    "date2": "Second choice (optional)",
    "topic": "Topic *",
}


@pytest.mark.parametrize(
    ("language", "labels", "values", "send", "received", "subject_word"),
    [
        (
            "ko",
            KO,
            {
                "type": "학교",
                "name": "예시초등학교",
                "region": "부산광역시",
                "contact": "홍길동예시",
                "email": "school.e2e@example.org",
                "audience": "초등학생",
                "topic": "북한 인권의 이해",
            },
            "신청 보내기",
            "신청을 받았습니다",
            "확정",
        ),
        (
            "en",
            EN,
            {
                "type": "Church or religious group",
                "name": "Example Church",
                "region": "Outside Korea",
                "contact": "Alex Example",
                "email": "church.e2e@example.org",
                "audience": "Adults",
                "topic": "Peace and unification",
            },
            "Send the request",
            "Request received",
            "confirmed",
        ),
    ],
)
def test_book_a_lecture(
    page, live_site, language, labels, values, send, received, subject_word, axe_violations
):
    from django.core import mail

    from candle.programmes.lectures.models import LectureRequest
    from candle.programmes.lectures.services import lecture_schedule, lecture_surveys_send

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_site}/{language}/programmes/lectures/request/")
    today = timezone.localdate()
    day1, day2 = today + dt.timedelta(days=14), today + dt.timedelta(days=21)
    # First without consent and with the same date twice: messages beside the fields, and
    # nothing typed is lost.
    _fill(page, labels=labels, values=values, day1=day1, day2=day1)
    page.get_by_role("button", name=send).click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.get_by_label(labels["name"])).to_have_value(values["name"])
    assert LectureRequest.objects.count() == 0
    page.locator("[name=preferred_date_2]").fill(day2.isoformat())
    page.locator("input[name=consent]").check()
    violations = [
        v["id"]
        for v in axe_violations(page)
        if any(".lecture-form" in str(n.get("target")) for n in v["nodes"])
    ]
    assert violations == [], violations
    page.get_by_role("button", name=send).click()
    expect(page.get_by_role("heading", name=received)).to_be_visible()
    page.reload()  # a reload does not send the form again
    lecture = LectureRequest.objects.get()
    assert lecture.language == language and lecture.institution_name == values["name"]
    assert lecture.preferred_dates == [day1, day2]

    start = timezone.make_aware(dt.datetime.combine(day2, dt.time(10)))
    lecture_schedule(lecture_id=lecture.pk, starts_at=start, speaker_name="강사예시")
    confirmation = mail.outbox[-1]
    assert subject_word in confirmation.subject and confirmation.to == [values["email"]]
    assert confirmation.attachments[0][0] == "lecture.ics"

    lecture_surveys_send(now=start + dt.timedelta(hours=5))
    link = next(w for w in mail.outbox[-1].body.split() if "/survey/" in w)
    page.goto(live_site + link[link.index(f"/{language}/") :])
    page.locator("input[name=rating][value='5']").check()
    page.locator("textarea[name=comment]").fill("(예시) 좋았습니다")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator("[role=status]")).to_be_visible()
    lecture.refresh_from_db()
    assert lecture.survey_rating == 5
