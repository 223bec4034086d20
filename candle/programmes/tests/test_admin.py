import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from candle.access.sessions import VERIFIED_AT
from candle.audit.models import AuditEntry
from candle.programmes.models import Registration
from candle.programmes.services import registration_create

pytestmark = pytest.mark.django_db


def _user(username, *perms):
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    codenames = ["access_admin", *perms]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def staff(client):
    user = _user("programme-staff", "view_registration", "change_registration")
    client.force_login(user)
    return user


@pytest.fixture
def rows(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            registration_create(
                event=event,
                name=f"홍길동예시{n}",
                email=f"p{n}@example.org",
                phone="010-1111-2222",
                locale="ko",
                answers=[
                    {
                        "id": "11111111-1111-1111-1111-111111111111",
                        "label": "소속",
                        "answer": "=1+1",
                    }
                ],
                consent_text="동의",
            )
    return list(Registration.objects.order_by("pk"))


def _urls(event, reg):
    return [
        reverse("programmes_events"),
        reverse("programmes_event_registrants", args=[event.pk]),
        reverse("programmes_event_export", args=[event.pk]),
        reverse("programmes_registrations:index"),
        reverse("programmes_registrations:inspect", args=[reg.pk]),
    ]


def test_staff_see_numbers_registrants_and_answers(client, staff, event, rows):
    numbers = client.get(reverse("programmes_events"))
    assert numbers.status_code == 200
    body = numbers.content.decode()
    assert event.title in body
    page = client.get(reverse("programmes_event_registrants", args=[event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "홍길동예시0" in text and "=1+1" in text and "대기자 명단" in text
    assert "checkin.css" in text


def test_others_are_refused_everywhere_and_see_no_names(client, event, rows):
    client.force_login(_user("editor-like", "view_supporter", "add_page"))
    for url in _urls(event, rows[0]):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "홍길동예시" not in response.content.decode()
    response = client.post(
        reverse("programmes_attendance", args=[event.pk, rows[0].pk]), {"present": "1"}
    )
    assert response.status_code in (302, 403)
    rows[0].refresh_from_db()
    assert rows[0].attended_at is None


def test_view_only_staff_cannot_mark_attendance(client, event, rows):
    client.force_login(_user("viewer", "view_registration"))
    page = client.get(reverse("programmes_event_registrants", args=[event.pk]))
    assert "참석 표시" not in page.content.decode()
    client.post(reverse("programmes_attendance", args=[event.pk, rows[0].pk]), {"present": "1"})
    rows[0].refresh_from_db()
    assert rows[0].attended_at is None


def test_attendance_at_the_door(client, staff, event, rows):
    url = reverse("programmes_attendance", args=[event.pk, rows[0].pk])
    response = client.post(url, {"present": "1"})
    assert response.status_code == 302 and f"#registration-{rows[0].pk}" in response["Location"]
    rows[0].refresh_from_db()
    assert rows[0].attended_at is not None
    client.post(url, {"present": "0"})
    rows[0].refresh_from_db()
    assert rows[0].attended_at is None
    # someone on the waiting list cannot be marked present
    client.post(reverse("programmes_attendance", args=[event.pk, rows[2].pk]), {"present": "1"})
    rows[2].refresh_from_db()
    assert rows[2].attended_at is None
    # a registration of another event is not found under this one
    assert client.get(url).status_code == 405
    assert client.post(reverse("programmes_attendance", args=[event.pk, 999999])).status_code == 404


def test_export_is_audited_and_safe_in_spreadsheets(client, staff, event, rows):
    response = client.get(reverse("programmes_event_export", args=[event.pk]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "홍길동예시0" in text and "'=1+1" in text
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.count == 3 and entry.detail == f"registrations-{event.pk}.csv"


def test_export_asks_for_the_code_again_after_five_minutes(client, staff, event, rows):
    session = client.session
    session[VERIFIED_AT] = session[VERIFIED_AT] - settings.CANDLE_STEPUP_SECONDS - 1
    session.save()
    response = client.get(reverse("programmes_event_export", args=[event.pk]))
    assert response.status_code == 302 and "stepup=1" in response["Location"]
    assert not AuditEntry.objects.filter(action="export").exists()


def test_inspect_is_recorded(client, staff, event, rows):
    response = client.get(reverse("programmes_registrations:inspect", args=[rows[0].pk]))
    assert response.status_code == 200 and "소속" in response.content.decode()
    assert AuditEntry.objects.filter(action="record.view").exists()


def test_registrants_page_query_budget(client, staff, event, rows, django_assert_max_num_queries):
    from candle.programmes.services import registration_create

    for n in range(20):
        registration_create(
            event=event, name=f"예시{n}", email=f"q{n}@example.org", locale="ko", consent_text="x"
        )
    with django_assert_max_num_queries(40):
        client.get(reverse("programmes_event_registrants", args=[event.pk]))
