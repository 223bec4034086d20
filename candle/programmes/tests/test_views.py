import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from candle.programmes.models import Registration
from candle.programmes.tokens import cancel_token
from candle.supporters.models import Supporter

from .conftest import event_make

pytestmark = pytest.mark.django_db

Q1 = "q_11111111-1111-1111-1111-111111111111"
Q2 = "q_22222222-2222-2222-2222-222222222222"


def _url(name, language="ko", **kwargs):
    with translation.override(language):
        return reverse(f"programmes:{name}", kwargs=kwargs)


def _data(event, **extra):
    data = {
        "page_id": str(event.pk),
        "name": "홍길동예시",
        "email": "hong@example.org",
        "phone": "010-0000-0000",
        "consent": "on",
        Q1: "예시 학교",
        Q2: "채식",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def call(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return call


def test_event_page_shows_form_and_seats_in_both_languages(client, event, event_en):
    ko = client.get(event.url)
    assert ko.status_code == 200
    body = ko.content.decode()
    assert "남은 자리 2석" in body and "소속" in body and 'name="consent"' in body
    assert "no-cache" in ko["Cache-Control"] or "no-store" in ko["Cache-Control"]
    en = client.get(event_en.url)
    assert en.status_code == 200
    assert "2 seats left." in en.content.decode()


def test_register_then_waiting_list(post, client, event):
    response = post(_url("register"), _data(event))
    assert response.status_code == 302
    assert response["Location"] == _url("registered", page_id=event.pk)
    reg = Registration.objects.get()
    assert reg.status == "confirmed" and reg.language == "ko"
    assert reg.answers[0] == {
        "id": "11111111-1111-1111-1111-111111111111",
        "label": "소속",
        "answer": "예시 학교",
    }
    assert "참가 확정" in mail.outbox[0].subject
    page = client.get(response["Location"])
    assert "신청을 받았습니다" in page.content.decode()
    post(_url("register"), _data(event, email="b@example.org"))
    post(_url("register"), _data(event, email="c@example.org"))
    assert list(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert "대기자 명단" in mail.outbox[-1].subject
    assert "자리가 모두 찼습니다" in client.get(event.url).content.decode()


def test_english_registration_mails_in_english(post, event, event_en):
    response = post(_url("register", "en"), _data(event_en, name="Example Person"))
    assert response.status_code == 302
    assert Registration.objects.get().language == "en"
    assert mail.outbox[0].subject == "Your seat for Film screening (example)"
    assert "/en/programmes/events/cancel/" in mail.outbox[0].body


def test_double_submit_stores_once_and_answers_the_same(post, event):
    first = post(_url("register"), _data(event))
    second = post(_url("register"), _data(event, name="다른 사람"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1 and Supporter.objects.count() == 1
    assert Registration.objects.get().name == "홍길동예시"


HOSTILE = [
    {"name": ""},
    {"name": "   "},
    {"name": "가" * 201},
    {"name": "a\x00b"},
    {"email": "not-an-address"},
    {"email": "a" * 250 + "@example.org"},
    {"email": None},
    {"phone": "1" * 41},
    {"consent": None},
    {Q1: None},
    {Q1: "x" * 201},
    {Q2: "고기"},
    {"page_id": "abc"},
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_input_gets_a_message_and_stores_nothing(post, event, bad):
    response = post(_url("register"), _data(event, **bad))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert not Registration.objects.exists() and not Supporter.objects.exists()


@pytest.mark.parametrize("page_id", ["", "999999", "²", "1" * 40, "-1"])
def test_unknown_event_is_a_clear_400(post, event, page_id):
    response = post(_url("register"), _data(event, page_id=page_id))
    assert response.status_code == 400
    assert "어느 행사" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_english_form_cannot_register_through_a_korean_id_mismatch(post, event, event_en):
    # a Korean page's id posted to the English address is not an English event
    response = post(_url("register", "en"), _data(event))
    assert response.status_code == 400
    assert "which event" in response.content.decode()


def test_control_characters_are_dropped(post, event):
    post(_url("register"), _data(event, name="홍길동\u202e예시", **{Q1: "학교\x1b[31m"}))
    reg = Registration.objects.get()
    assert reg.name == "홍길동예시" and reg.answers[0]["answer"] == "학교[31m"


def test_rate_limit_answers_429_and_stores_nothing(post, event):
    from candle.programmes import views

    for _n in range(5):
        post(_url("register"), _data(event, email="same@example.org"))
    response = post(_url("register"), _data(event, email="same@example.org"))
    assert response.status_code == 429
    assert views.RATE_LIMITS["register"][1].count == 5
    assert Registration.objects.count() == 1


def test_closed_event_shows_no_form_and_refuses(post, client, homes):
    import datetime as dt

    from django.utils import timezone

    closed = event_make(
        homes["index"],
        slug="closed",
        registration_closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert "신청이 마감되었습니다" in client.get(closed.url).content.decode()
    response = post(_url("register"), _data(closed))
    assert response.status_code == 400
    assert "신청이 마감되었습니다" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancel_link_get_shows_button_post_cancels_and_promotes(post, client, event):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        post(_url("register"), _data(event, email=email))
    first = Registration.objects.get(email="a@example.org")
    link = re.search(r"http://testserver(/ko/programmes/events/cancel/\S+/)", mail.outbox[0].body)
    assert link
    page = client.get(link.group(1))
    assert page.status_code == 200 and "참가 신청 취소" in page.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"  # a GET (a mail scanner) changes nothing
    mail.outbox.clear()
    done = post(link.group(1), {})
    assert done.status_code == 200
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert Registration.objects.get(email="c@example.org").status == "confirmed"
    assert mail.outbox[0].to == ["c@example.org"]
    again = post(link.group(1), {})  # twice: nothing more happens
    assert again.status_code == 200 and len(mail.outbox) == 1


# ids, not the values: a signed token carries the time it was made, and xdist's workers must
# collect the same test names.
@pytest.mark.parametrize(
    "token",
    ["x", "a" * 300, cancel_token(999999), "..:..", "%00"],
    ids=["short", "long", "unknown-registration", "dots", "nul"],
)
def test_bad_cancel_token_is_400(client, event, token):
    response = client.get(_url("cancel", token="placeholder").replace("placeholder", token))
    assert response.status_code in (400, 404)
    assert response.status_code == 400 or "%" in token


def test_event_ics_and_feed(client, event, event_en):
    response = client.get(_url("event_ics", page_id=event.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "BEGIN:VEVENT" in text and "SUMMARY:북한인권 영화 상영회 (예시)" in text
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    feed_en = client.get(_url("events_ics", "en")).content.decode()
    assert "SUMMARY:Film screening (example)" in feed_en and "상영회" not in feed_en
    feed_ko = client.get(_url("events_ics", "ko")).content.decode()
    assert feed_ko.count("BEGIN:VEVENT") == 1
    # the Korean page's id at the English address is not found
    assert client.get(_url("event_ics", "en", page_id=event.pk)).status_code == 404


def test_index_page_lists_upcoming(client, homes, event):
    body = client.get(homes["index"].url).content.decode()
    assert event.title in body


def test_the_event_list_gives_the_date_as_the_site_writes_it_in_korea_time_with_the_venue(
    client, homes, event, event_en
):
    """Each upcoming event with its day in the reader's language (2026년 12월 10일 (목) /
    10 December 2026 (Thu)), its start in Korea time whatever the server's zone, and where."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone as django_timezone
    from django.utils import translation

    start = django_timezone.localtime(event.starts_at, ZoneInfo("Asia/Seoul"))
    korean = client.get(homes["index"].url).content.decode()
    with translation.override("ko"):
        weekday = translation.gettext(start.strftime("%a"))
    assert f"{start.year}년 {start.month}월 {start.day}일 ({weekday}) {start:%H:%M}" in korean
    assert "(한국 시간)</span> · 예시 강당" in korean
    english = client.get(event_en.get_parent().url).content.decode()
    assert f"{start.day} {start:%B} {start.year} ({start:%a}) {start:%H:%M}" in english
    assert "(Korea time)" in english
