"""Youth applications over HTTP: the form in both languages, hostile input on every field and
on the upload, double submit, the closed window, the guardian's link, and staff screens that
answer 404 to staff outside the programme's group (list, detail, file)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from candle.audit.models import AuditEntry
from candle.programmes.models import Application, GuardianConsent
from candle.programmes.youth.tokens import guardian_token

from .youth_fixtures import *  # noqa: F403
from .youth_fixtures import (
    PDF_BYTES,
    QUESTION_ID,
    UPLOAD_ID,
    application_file_add,
    application_make,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db

Q = f"q_{QUESTION_ID}"
U = f"u_{UPLOAD_ID}"


def _url(name, language="ko", **kwargs):
    with translation.override(language):
        return reverse(f"programmes:{name}", kwargs=kwargs)


def _pdf(name="letter.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _data(programme, **extra):
    data = {
        "page_id": str(programme.pk),
        "submission_token": uuid.uuid4().hex,
        "name": "김예시",
        "birth_date": birth_date_for_age(16).isoformat(),
        "email": "applicant@example.org",
        "phone": "010-0000-0000",
        "school": "예시고등학교",
        "consent": "on",
        Q: "배우고 싶습니다 (예시)",
        U: _pdf(),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def call(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return call


def test_the_page_shows_the_form_in_both_languages(client, programme, programme_en):
    ko = client.get(programme.url)
    assert ko.status_code == 200
    body = ko.content.decode()
    assert "지원서 보내기" in body and 'enctype="multipart/form-data"' in body
    assert "추천서" in body and 'name="submission_token"' in body
    assert "no-cache" in ko["Cache-Control"] or "no-store" in ko["Cache-Control"]
    en = client.get(programme_en.url).content.decode()
    assert "Send the application" in en and "under 14" in en


def test_apply_stores_once_on_a_double_submit(post, programme):
    data = _data(programme)
    first = post(_url("youth_apply"), data)
    assert first.status_code == 302
    assert first["Location"] == _url("youth_applied", page_id=programme.pk)
    data[U] = _pdf()
    again = post(_url("youth_apply"), data)
    assert again.status_code == 302
    application = Application.objects.get()
    assert application.files.count() == 1
    assert application.answers[0]["answer"] == "배우고 싶습니다 (예시)"
    assert application.status == Application.Status.SUBMITTED


HOSTILE = [
    ("name", "", "필수 작성 항목입니다"),
    ("name", "\u202e\u2066\u200b", "이름을 입력해 주세요"),
    ("name", "김\u0000예시", "null 문자"),
    ("name", "가" * 201, "200"),
    ("email", "not-an-email", "이메일"),
    ("email", "a@" + "b" * 300 + ".org", "이메일"),
    ("phone", "<script>alert(1)</script>", "올바른 전화번호"),
    ("phone", "1" * 41, "40"),
    ("school", "   ", "필수 작성 항목입니다"),
    ("birth_date", "2012-13-45", "YYYY-MM-DD 형식으로"),
    ("birth_date", "' OR 1=1 --", "YYYY-MM-DD 형식으로"),
    ("birth_date", "2999-01-01", "생년월일을 확인"),
    ("birth_date", "1800-01-01", "생년월일을 확인"),
    (Q, "", "필수 작성 항목입니다"),
    (Q, "x" * 2001, "2000"),
    ("consent", None, "동의"),
    ("submission_token", "../../etc/passwd", "만료"),
    ("page_id", "abc", "어느 프로그램에 대한 지원인지"),
]


@pytest.mark.parametrize(("field", "value", "message"), HOSTILE)
def test_hostile_input_gets_a_korean_message_and_keeps_what_was_typed(
    client, programme, field, value, message
):
    data = _data(programme, **{field: value})
    response = client.post(_url("youth_apply"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[-3000:]
    assert not Application.objects.exists()
    if field != "page_id":
        if field != "school":
            assert "예시고등학교" in body  # typed fields come back
        assert "파일을 다시 선택해 주십시오" in body  # and the reader is told about files


def test_hostile_input_in_english(client, programme, programme_en):
    data = _data(programme_en, birth_date="yesterday", phone="12")
    response = client.post(_url("youth_apply", "en"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please enter the date of birth as YYYY-MM-DD" in body
    assert "Please enter a valid phone number" in body
    assert "choose your files again" in body


POLYGLOT_PDF = b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF"
JPEG_ZIP = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"PK\x03\x04" + b"\x00" * 64
HTML_AS_PDF = b"<html><script>alert(1)</script></html>"
PDF_HTML = b"%PDF-1.4\n<html><body><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("letter.pdf", HTML_AS_PDF), ".pdf 파일이 아닌 것 같습니다"),
        (SimpleUploadedFile("letter.exe", b"MZ\x90\x00"), "다음 형식의 파일만"),
        (SimpleUploadedFile("letter.svg", b"<svg onload=alert(1)>"), "다음 형식의 파일만"),
        (SimpleUploadedFile("letter.pdf", b""), "비어있습니다"),
        (SimpleUploadedFile("photo.jpg", JPEG_ZIP), ".jpg 파일이 아닌 것 같습니다"),
        (SimpleUploadedFile("letter.pdf", POLYGLOT_PDF), "스크립트"),
        (SimpleUploadedFile("letter.pdf", PDF_HTML), ".pdf 파일이 아닌 것 같습니다"),
        (
            SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),
            "10MB보다",
        ),
        ("", "필수 작성 항목입니다"),
    ],
    ids=["html-renamed", "exe", "svg", "empty", "jpeg-zip", "pdf-js", "pdf-html", "big", "none"],
)
def test_hostile_uploads_are_refused(client, programme, encrypted_dir, upload, message):
    data = _data(programme, **{U: upload})
    if upload == "":
        data.pop(U)
    response = client.post(_url("youth_apply"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert not list(encrypted_dir.rglob("*.*")) if encrypted_dir.exists() else True


def test_honeypot_stores_nothing_and_answers_like_success(client, programme):
    response = client.post(_url("youth_apply"), _data(programme, website_url="http://spam"))
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_closed_window_says_so_and_keeps_the_answers(client, programme):
    from django.utils import timezone

    data = _data(programme)
    programme.applications_close_at = timezone.now()
    programme.save_revision().publish()
    response = client.post(_url("youth_apply"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "지금은 이 프로그램에 지원할 수 없습니다" in body and "예시고등학교" in body
    assert not Application.objects.exists()
    assert "지원이 마감되었습니다" in client.get(programme.url).content.decode()


def test_unknown_programme_is_a_clear_400(client, programme):
    for page_id in ("999999", "-1", "１２", ""):
        response = client.post(_url("youth_apply"), _data(programme, page_id=page_id))
        assert response.status_code == 400
    assert not Application.objects.exists()


def test_rate_limit(client, programme):
    for _ in range(3):
        assert client.post(_url("youth_apply"), _data(programme)).status_code == 302
    assert client.post(_url("youth_apply"), _data(programme)).status_code == 429
    assert Application.objects.count() == 3


@pytest.mark.parametrize("language", ["ko", "en"])
def test_under_14_then_the_guardian_consents_through_the_link(
    post, client, programme, programme_en, language
):
    page = programme if language == "ko" else programme_en
    data = _data(
        page,
        birth_date=birth_date_for_age(12).isoformat(),
        guardian_name="김보호 (예시)",
        guardian_email="guardian@example.org",
    )
    assert post(_url("youth_apply", language), data).status_code == 302
    application = Application.objects.get()
    assert application.status == "awaiting_guardian" and application.language == language
    link = re.search(r"https?://\S+/guardian/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page_ = client.get("/" + path)
    assert page_.status_code == 200
    words = "개인정보 보호법 제22조의2" if language == "ko" else "article 22-2"
    assert words in page_.content.decode() and "김예시" in page_.content.decode()
    assert client.post("/" + path, {"decision": "consent"}).status_code == 200
    application.refresh_from_db()
    assert application.status == "submitted"
    assert GuardianConsent.objects.get().consented
    again = client.post("/" + path, {"decision": "refuse"})
    assert (
        "이미 기록" in again.content.decode() or "already been recorded" in again.content.decode()
    )
    application.refresh_from_db()
    assert application.name == "김예시"


def test_guardian_refusal_and_bad_links(client, programme):
    application = application_make(
        programme=programme,
        status="awaiting_guardian",
        under_14=True,
        guardian_email="guardian@example.org",
    )
    url = _url("youth_guardian", token=guardian_token(application.pk))
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    assert client.post(url, {"decision": "refuse"}).status_code == 200
    application.refresh_from_db()
    assert application.status == "guardian_refused" and application.name == ""
    for token in ("x", guardian_token(application.pk)[:-2] + "zz", "a" * 300):
        assert client.get(_url("youth_guardian", token=token)).status_code == 400


# --- staff -------------------------------------------------------------------------------


def _staff(username, *codenames, groups=()):
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user.groups.add(*groups)
    return user


@pytest.fixture
def staff_urls(programme):
    application = application_make(programme=programme)
    stored = application_file_add(application=application)
    return application, [
        reverse("youth_applications", args=[programme.pk]),
        reverse("youth_application", args=[application.pk]),
        reverse("youth_application_file", args=[application.pk, stored.pk]),
    ]


@pytest.mark.parametrize(
    "who", ["outsider_with_permission", "superuser", "member_without_permission"]
)
def test_staff_outside_the_group_get_404_everywhere(
    client, programme, reviewer_group, staff_urls, who
):
    application, urls = staff_urls
    if who == "outsider_with_permission":
        user = _staff("outsider", "view_application", "change_application")
    elif who == "superuser":
        user = get_user_model().objects.create_superuser(
            username="root-example", password="x-not-used-123", email="root@example.org"
        )
    else:
        user = _staff("member-no-perm", groups=[reviewer_group])
    client.force_login(user)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "status", "status": "accepted"}).status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"
    listing = client.get(reverse("youth_programmes"))
    assert (
        "김예시" not in listing.content.decode() and programme.title not in listing.content.decode()
    )


def test_reviewer_reads_scores_decides_and_downloads_with_audit(
    client, programme, reviewer, staff_urls, django_capture_on_commit_callbacks
):
    application, urls = staff_urls
    client.force_login(reviewer)
    assert programme.title in client.get(reverse("youth_programmes")).content.decode()
    assert "김예시" in client.get(urls[0]).content.decode()
    detail = client.get(urls[1])
    assert detail.status_code == 200 and "김예시의 예시 답변" in detail.content.decode()
    download = client.get(urls[2])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]
    assert "attachment" in download["Content-Disposition"]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("record.view") >= 2 and "export" in actions
    from candle.programmes.youth.factories import CRITERIA_IDS

    response = client.post(
        urls[1], {"action": "scores", f"points_{CRITERIA_IDS[0]}": "11"}, follow=True
    )
    assert "만점" in response.content.decode()
    assert not application.scores.exists()
    client.post(urls[1], {"action": "scores", f"points_{CRITERIA_IDS[0]}": "8"})
    assert application.scores.get().points == 8
    client.post(urls[1], {"action": "note", "body": "면접 필요 (예시)"})
    assert application.notes.get().body == "면접 필요 (예시)"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urls[1], {"action": "status", "status": "accepted"})
    application.refresh_from_db()
    assert application.status == "accepted" and len(mail.outbox) == 1


def test_review_screen_says_the_guardian_has_not_consented(client, programme, reviewer):
    application = application_make(programme=programme, status="awaiting_guardian", under_14=True)
    application_file_add(application=application)
    client.force_login(reviewer)
    body = client.get(reverse("youth_application", args=[application.pk])).content.decode()
    assert "법정대리인이 아직 동의하지 않았습니다" in body and "김예시의 예시 답변" not in body
    stored = application.files.get()
    url = reverse("youth_application_file", args=[application.pk, stored.pk])
    assert client.get(url).status_code == 404
    client.post(
        reverse("youth_application", args=[application.pk]),
        {"action": "status", "status": "accepted"},
    )
    application.refresh_from_db()
    assert application.status == "awaiting_guardian"


def test_application_list_query_budget(client, programme, reviewer, django_assert_max_num_queries):
    for index in range(25):
        application_make(programme=programme, name=f"예시{index}")
    client.force_login(reviewer)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("youth_applications", args=[programme.pk])).status_code == 200
