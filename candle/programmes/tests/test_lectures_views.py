import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from candle.programmes.lectures.models import LectureRequest
from candle.programmes.lectures.services import lecture_schedule, lecture_surveys_send
from candle.programmes.lectures.tokens import survey_token

from .lectures_fixtures import form_data, lecture_make

pytestmark = pytest.mark.django_db


def _url(name, language="ko", **kwargs):
    with translation.override(language):
        return reverse(f"programmes:{name}", kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _site(homes):
    return homes


@pytest.mark.parametrize(("language", "heading"), [("ko", "강연 신청"), ("en", "Request")])
def test_form_shows_in_each_language_without_script(client, language, heading):
    response = client.get(_url("lecture_request", language))
    assert response.status_code == 200
    body = response.content.decode()
    assert heading in body
    assert 'name="submission_token"' in body and 'name="website"' in body
    assert "<script>" not in body  # nothing inline; the form works without script
    assert ("서울특별시" if language == "ko" else "Seoul") in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_request_is_stored_once_on_a_double_submit(client, language):
    data = form_data(language=language)
    first = client.post(_url("lecture_request", language), data)
    second = client.post(_url("lecture_request", language), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == _url("lecture_requested", language)
    assert LectureRequest.objects.count() == 1
    lecture = LectureRequest.objects.get()
    assert lecture.status == "requested" and lecture.language == language
    assert lecture.contact_name == "홍길동예시" and "[" in lecture.consent_text
    assert client.get(first["Location"]).status_code == 200


def _bad(name, value):
    return pytest.param(name, value, id=f"{name}-{str(value)[:12]!r}")


TODAY = timezone.localdate()

HOSTILE = [
    _bad("institution_type", "embassy"),
    _bad("institution_type", ""),
    _bad("institution_name", ""),
    _bad("institution_name", "\u202e\u200b  "),
    _bad("institution_name", "가" * 201),
    _bad("region", "pyongyang"),
    _bad("region", "seoul' OR 1=1 --"),
    _bad("contact_name", "\x00\x1b[31m"),
    _bad("contact_name", "x" * 101),
    _bad("phone", "call me"),
    _bad("phone", "12"),
    _bad("phone", "<script>alert(1)</script>"),
    _bad("email", "not-an-address"),
    _bad("email", "a@" + "b" * 260 + ".example"),
    _bad("age_group", "babies"),
    _bad("audience_size", "0"),
    _bad("audience_size", "-5"),
    _bad("audience_size", "99999999999999999999"),
    _bad("audience_size", "twelve"),
    _bad("preferred_date_1", ""),
    _bad("preferred_date_1", str(TODAY)),
    _bad("preferred_date_1", str(TODAY - dt.timedelta(days=3))),
    _bad("preferred_date_1", str(TODAY + dt.timedelta(days=800))),
    _bad("preferred_date_1", "2027-02-30"),
    _bad("preferred_date_1", "15/03/2027"),
    _bad("preferred_date_2", str(TODAY + dt.timedelta(days=10))),  # the same as the first
    _bad("preferred_date_3", "9999-99-99"),
    _bad("language", "fr"),
    _bad("topic", "propaganda"),
    _bad("topic", "other"),  # "other" needs a description
    _bad("topic_detail", "x" * 1001),
    _bad("consent", ""),
    _bad("website", "http://spam.example"),
    _bad("submission_token", "../../etc/passwd"),
    _bad("submission_token", ""),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(("field", "value"), HOSTILE)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, language, field, value):
    data = form_data(institution_name="보존될 학교 이름")
    if field == "institution_name":
        data.pop("institution_name")
    data[field] = value
    if field == "consent" and not value:
        data.pop("consent")
    response = client.post(_url("lecture_request", language), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    marker = "표시된 항목을 고쳐" if language == "ko" else "Please correct the marked fields"
    assert marker in body or "새로 고쳐" in body or "reload" in body
    if field != "institution_name":
        assert "보존될 학교 이름" in body  # nothing typed is lost
    assert LectureRequest.objects.count() == 0


def test_field_messages_are_in_the_readers_language(client):
    data = form_data(preferred_date_1=str(TODAY))
    ko = client.post(_url("lecture_request", "ko"), data).content.decode()
    en = client.post(_url("lecture_request", "en"), data).content.decode()
    assert "오늘 이후의 날짜를 골라 주십시오" in ko
    assert "Please choose a date after today." in en


def test_control_characters_are_dropped(client):
    data = form_data(institution_name="예시\u202e초등\x07학교", topic_detail="안녕\x1b[2J하세요")
    assert client.post(_url("lecture_request"), data).status_code == 302
    lecture = LectureRequest.objects.get()
    assert lecture.institution_name == "예시초등학교" and lecture.topic_detail == "안녕[2J하세요"


def test_rate_limit_answers_429_and_stores_nothing(client, settings):
    from candle.core.ratelimit import Limit
    from candle.programmes.lectures import views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    original = views.RATE_LIMITS["request"]
    views.RATE_LIMITS["request"] = (Limit(count=2, seconds=3600), original[1])
    try:
        codes = [client.post(_url("lecture_request"), form_data()).status_code for _ in range(3)]
    finally:
        views.RATE_LIMITS["request"] = original
    assert codes == [302, 302, 429]
    assert LectureRequest.objects.count() == 2


def test_wrong_methods(client):
    assert client.put(_url("lecture_request")).status_code == 405
    assert client.post(_url("lecture_requested")).status_code == 405


def _surveyed(capture, language="ko"):
    lecture = lecture_make(language=language)
    start = timezone.now() + dt.timedelta(days=2)
    with capture(execute=True):
        lecture_schedule(lecture_id=lecture.pk, starts_at=start, speaker_name="강사예시")
    lecture_surveys_send(now=start + dt.timedelta(hours=5))
    lecture.refresh_from_db()
    return lecture


@pytest.mark.parametrize("language", ["ko", "en"])
def test_survey_is_answered_once_through_its_link(
    client, django_capture_on_commit_callbacks, language
):
    lecture = _surveyed(django_capture_on_commit_callbacks, language)
    url = _url("lecture_survey", language, token=survey_token(lecture.pk))
    assert url in mail.outbox[-1].body
    assert client.get(url).status_code == 200
    bad = client.post(url, {"rating": "7", "comment": "x"})
    assert bad.status_code == 400
    assert ("1에서 5" if language == "ko" else "from 1 to 5") in bad.content.decode()
    assert client.post(url, {"rating": "5", "comment": "유익했습니다"}).status_code == 200
    again = client.post(url, {"rating": "1", "comment": "바꾸기"})
    assert again.status_code == 200
    lecture.refresh_from_db()
    assert (lecture.survey_rating, lecture.survey_comment) == (5, "유익했습니다")


@pytest.mark.parametrize(
    "token",
    ["forged", "x" * 300, "eyJsIjoxfQ:1abc:def", "-"],
    ids=["forged", "long", "unsigned", "dash"],
)
def test_bad_survey_tokens_get_a_clear_page(client, token):
    url = _url("lecture_survey", token=token)
    response = client.get(url)
    assert response.status_code == 400
    assert "링크" in response.content.decode()


def test_survey_of_a_lecture_not_yet_surveyed_is_refused(client):
    lecture = lecture_make()
    response = client.get(_url("lecture_survey", token=survey_token(lecture.pk)))
    assert response.status_code == 400
