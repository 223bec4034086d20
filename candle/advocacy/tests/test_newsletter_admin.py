"""The admin: supporter staff compose, preview, test and send; other staff are refused; the
screens speak Korean; a double submit of "send" sends once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation
from wagtail.test.utils.form_data import rich_text

from candle.access.roles import EDITORS, GIVING_STAFF, SUPPORTER_STAFF, roles_setup
from candle.access.tests.staff import role_member, staff_client
from candle.advocacy.models import NewsletterDelivery, NewsletterIssue
from candle.advocacy.newsletters.factories import issue_make, subscriber_make

pytestmark = pytest.mark.django_db

LIST = "/admin/newsletter_issues/"


@pytest.fixture
def staff(site_tree):
    roles_setup()
    user = role_member(SUPPORTER_STAFF)
    user.email = "staff@candle.example"
    user.save()
    return staff_client(user)


@pytest.fixture
def readers():
    subscriber_make(name="홍길동예시", email="hong@example.org")
    subscriber_make(name="Jane Example", email="jane@example.org", language="en")


def test_supporter_staff_compose_an_issue_in_both_languages(staff):
    response = staff.post(
        LIST + "new/",
        {
            "subject_ko": "12월 소식 (예시)",
            "body_ko": rich_text("<p>한국어 본문</p>"),
            "subject_en": "December news (Example)",
            "body_en": rich_text("<p>English body</p>"),
            "segment_language": "all",
            "segment_tags": "",
            "show_in_archive": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = NewsletterIssue.objects.get()
    assert issue.languages == ["ko", "en"] and issue.status == "draft"


def test_a_half_written_version_is_refused_with_a_korean_message(staff):
    staff.cookies.load({"django_language": "ko"})
    with translation.override("ko"):
        response = staff.post(
            LIST + "new/",
            {"subject_ko": "제목만", "body_ko": rich_text(""), "segment_language": "all"},
        )
    assert response.status_code == 200
    assert "이 제목의 본문을 쓰거나 제목을 지우세요." in response.content.decode()
    assert not NewsletterIssue.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"subject_ko": "가" * 201},
        {"segment_tags": "태그," * 200},
        {"segment_language": "xx"},
        {"subject_ko": "제목\x00"},
    ],
)
def test_hostile_input_on_the_compose_form_is_refused_and_nothing_is_saved(staff, overrides):
    data = {
        "subject_ko": "12월 소식 (예시)",
        "body_ko": rich_text("<p>한국어 본문</p>"),
        "segment_language": "all",
        **overrides,
    }
    response = staff.post(LIST + "new/", data)
    assert response.status_code == 200
    assert not NewsletterIssue.objects.exists()


def test_preview_test_and_send(staff, readers, django_capture_on_commit_callbacks):
    issue = issue_make()
    listing = staff.get(LIST).content.decode()
    assert f"/admin/newsletter_issues/{issue.pk}/preview/" in listing
    preview = staff.get(f"{LIST}{issue.pk}/preview/")
    assert preview.status_code == 200 and "북한인권 소식 (예시)" in preview.content.decode()

    staff.post(f"{LIST}{issue.pk}/test/")
    assert [m.to for m in mail.outbox] == [["staff@candle.example"]] * 2
    mail.outbox.clear()

    confirm = staff.get(f"{LIST}{issue.pk}/send/")
    assert confirm.status_code == 200 and "2" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.post(f"{LIST}{issue.pk}/send/")
    second = staff.post(f"{LIST}{issue.pk}/send/")  # the double submit
    assert first.status_code == 302 and second.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["hong@example.org", "jane@example.org"]
    assert NewsletterDelivery.objects.count() == 2
    issue.refresh_from_db()
    assert issue.status == "sent" and issue.recipients_count == 2

    deliveries = staff.get("/admin/newsletter_deliveries/")
    assert deliveries.status_code == 200 and "hong@example.org" in deliveries.content.decode()


@pytest.mark.parametrize("role", [EDITORS, GIVING_STAFF])
def test_other_staff_are_refused_every_newsletter_screen(site_tree, readers, role):
    roles_setup()
    client = staff_client(role_member(role))
    issue = issue_make()
    for url in (
        LIST,
        f"{LIST}edit/{issue.pk}/",
        f"{LIST}{issue.pk}/preview/",
        f"{LIST}{issue.pk}/send/",
        "/admin/newsletter_deliveries/",
        "/admin/newsletter_suppressions/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(f"{LIST}{issue.pk}/send/")
    assert response.status_code in (302, 403)
    response = client.post(f"{LIST}{issue.pk}/test/")
    assert response.status_code in (302, 403)
    assert not mail.outbox and not NewsletterDelivery.objects.exists()


def test_staff_who_may_compose_but_not_send_cannot_send(site_tree, readers):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("composer", password="x-composer-1")
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "view_newsletterissue", "change_newsletterissue"]
        )
    )
    client = staff_client(user)
    issue = issue_make()
    assert client.get(f"{LIST}{issue.pk}/preview/").status_code == 200
    assert client.post(f"{LIST}{issue.pk}/send/").status_code in (302, 403)
    assert not NewsletterDelivery.objects.exists()
