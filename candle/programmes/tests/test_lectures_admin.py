import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candle.access.sessions import VERIFIED_AT
from candle.audit.models import AuditEntry
from candle.programmes.lectures.models import LectureRequest
from candle.programmes.lectures.services import lecture_given, lecture_schedule

from .lectures_fixtures import lecture_make

pytestmark = pytest.mark.django_db


def _user(username, *perms):
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *perms]))
    return user


def _refused(response) -> bool:
    """Wagtail answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def staff(client):
    user = _user("lecture-staff", "view_lecturerequest", "change_lecturerequest")
    client.force_login(user)
    return user


def _given(capture, *, kind, region, people, year_offset=0, **extra):
    lecture = lecture_make(institution_type=kind, region=region, **extra)
    start = timezone.now() + dt.timedelta(days=3)
    with capture(execute=True):
        lecture_schedule(lecture_id=lecture.pk, starts_at=start, speaker_name="강사예시")
    lecture_given(lecture_id=lecture.pk, people_reached=people, now=start + dt.timedelta(hours=3))
    if year_offset:
        LectureRequest.objects.filter(pk=lecture.pk).update(
            scheduled_at=start.replace(year=start.year + year_offset)
        )
    lecture.refresh_from_db()
    return lecture


@pytest.fixture
def rows(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    out = {
        "open": lecture_make(contact_name="홍길동예시0"),
        "school": _given(capture, kind="school", region="seoul", people=120),
        "school2": _given(capture, kind="school", region="busan", people=80),
        "church": _given(capture, kind="church", region="seoul", people=40),
        "last_year": _given(capture, kind="military", region="gangwon", people=300, year_offset=-1),
    }
    mail.outbox.clear()
    return out


def _urls(lecture):
    return [
        reverse("programmes_lectures"),
        reverse("programmes_lecture", args=[lecture.pk]),
        reverse("programmes_lecture_report"),
        reverse("programmes_lecture_report_export"),
        reverse("programmes_lecture_requests:index"),
        reverse("programmes_lecture_requests:inspect", args=[lecture.pk]),
    ]


def test_staff_see_the_calendar_with_requests_and_bookings(client, staff, rows):
    lecture = rows["open"]
    day = lecture.preferred_date_1
    response = client.get(reverse("programmes_lectures"), {"year": day.year, "month": day.month})
    body = response.content.decode()
    assert response.status_code == 200
    assert "예시초등학교" in body and "lecture-entry preferred" in body
    assert "<script" not in body.split('class="lecture-month"')[1].split("</table>")[0]
    booked = rows["school"].scheduled_at
    month = client.get(
        reverse("programmes_lectures"), {"year": booked.year, "month": booked.month}
    ).content.decode()
    assert "강사예시" in month


@pytest.mark.parametrize("query", [{"year": "abc"}, {"month": "13"}, {"year": "-1", "month": "x"}])
def test_calendar_survives_bad_parameters(client, staff, rows, query):
    assert client.get(reverse("programmes_lectures"), query).status_code == 200


def test_others_are_refused_everywhere_and_see_no_names(client, rows):
    client.force_login(_user("editor-like", "view_registration", "add_page"))
    for url in _urls(rows["open"]):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "홍길동예시" not in response.content.decode()
    lecture = rows["open"]
    for name, data in (
        ("programmes_lecture_schedule", {"day": "other", "time": "10:00"}),
        ("programmes_lecture_given", {"people_reached": "10"}),
    ):
        assert _refused(client.post(reverse(name, args=[lecture.pk]), data))
    assert _refused(client.post(reverse("programmes_lecture_close", args=[lecture.pk, "decline"])))
    lecture.refresh_from_db()
    assert lecture.status == "requested"


def test_view_only_staff_cannot_act(client, rows):
    client.force_login(_user("viewer", "view_lecturerequest"))
    lecture = rows["open"]
    page = client.get(reverse("programmes_lecture", args=[lecture.pk])).content.decode()
    assert "홍길동예시0" in page and f"programmes/lectures/{lecture.pk}/schedule/" not in page
    assert _refused(client.post(reverse("programmes_lecture_close", args=[lecture.pk, "decline"])))
    lecture.refresh_from_db()
    assert lecture.status == "requested"


def test_schedule_from_the_screen_mails_the_confirmation(
    client, staff, rows, django_capture_on_commit_callbacks
):
    lecture = rows["open"]
    url = reverse("programmes_lecture_schedule", args=[lecture.pk])
    bad = client.post(url, {"day": "other", "time": "25:00", "duration_minutes": "90"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "day": lecture.preferred_date_1.isoformat(),
                "time": "10:30",
                "duration_minutes": "60",
                "venue": "체육관",
                "speaker": str(staff.pk),
            },
        )
    assert response.status_code == 302
    lecture.refresh_from_db()
    assert lecture.status == "scheduled" and lecture.speaker_id == staff.pk
    assert timezone.localtime(lecture.scheduled_at).time() == dt.time(10, 30)
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments
    client.get(reverse("programmes_lecture", args=[lecture.pk]))
    assert AuditEntry.objects.filter(action="record.view", target_id=str(lecture.pk)).exists()


def test_decline_and_unknown_action(client, staff, rows):
    lecture = rows["open"]
    assert (
        client.post(reverse("programmes_lecture_close", args=[lecture.pk, "explode"])).status_code
        == 404
    )
    client.post(reverse("programmes_lecture_close", args=[lecture.pk, "decline"]), {"note": "일정"})
    lecture.refresh_from_db()
    assert lecture.status == "declined" and lecture.staff_note == "일정"
    response = client.post(reverse("programmes_lecture_close", args=[lecture.pk, "cancel"]))
    assert response.status_code == 302  # refused with a message, not a 500
    lecture.refresh_from_db()
    assert lecture.status == "declined"
    assert client.get(reverse("programmes_lecture", args=[999999])).status_code == 404


def test_report_numbers_by_type_and_region(client, staff, rows):
    from candle.programmes.lectures.selectors import lecture_report

    year = timezone.localtime(rows["school"].scheduled_at).year
    report = lecture_report(year=year)
    by_type = {row.key: (row.lectures, row.people) for row in report.by_type}
    by_region = {row.key: (row.lectures, row.people) for row in report.by_region}
    assert by_type["school"] == (2, 200) and by_type["church"] == (1, 40)
    assert by_type["military"] == (0, 0)  # last year's, not this year's
    assert by_region["seoul"] == (2, 160) and by_region["busan"] == (1, 80)
    assert (report.lectures, report.people) == (3, 240)
    assert lecture_report(year=year - 1).people == 300
    page = client.get(reverse("programmes_lecture_report"), {"year": year}).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("<svg")[1]
    assert "240" in page


def test_report_csv_is_audited_and_right(client, staff, rows):
    year = timezone.localtime(rows["school"].scheduled_at).year
    response = client.get(reverse("programmes_lecture_report_export"), {"year": year})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("연도,")
    assert f"{year},기관 유형,학교,2,200" in lines
    assert f"{year},지역,서울특별시,2,160" in lines
    assert lines[-1] == f"{year},합계,,3,240"
    assert "홍길동" not in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.detail == f"lectures-{year}.csv" and entry.count == 3


def test_report_csv_asks_for_the_code_again_after_five_minutes(client, staff, rows):
    session = client.session
    session[VERIFIED_AT] = session[VERIFIED_AT] - settings.CANDLE_STEPUP_SECONDS - 1
    session.save()
    response = client.get(reverse("programmes_lecture_report_export"))
    assert response.status_code == 302 and "stepup=1" in response["Location"]


def test_calendar_query_budget(client, staff, django_assert_max_num_queries):
    for _n in range(25):
        lecture_make()
    today = timezone.localdate() + dt.timedelta(days=10)
    with django_assert_max_num_queries(20):
        response = client.get(
            reverse("programmes_lectures"), {"year": today.year, "month": today.month}
        )
    assert response.status_code == 200
