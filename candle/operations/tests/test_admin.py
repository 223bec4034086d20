"""The failed-jobs screen and the outbox listing: who may see them, the retry buttons (POST,
once), Korean, and a bounded number of queries."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from candle.audit.models import AuditEntry
from candle.operations.models import JobRun, OutboundEmail

pytestmark = pytest.mark.django_db

ADDRESS = "hong.example@supporters.example"
RUNS: list[str] = []


@task()
def flaky_task(*, note: str) -> str:
    RUNS.append(note)
    if len(RUNS) == 1:
        raise RuntimeError("the search index was locked")
    return note


@pytest.fixture
def failures():
    now = timezone.now()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = flaky_task.enqueue(note="x")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED",
        finished_at=now,
        traceback="Traceback …\nRuntimeError: the search index was locked",
        exception_class_path="builtins.RuntimeError",
    )
    run = JobRun.objects.create(
        job="supporters.retention",
        period="2026-12-06",
        status="failed",
        attempts=3,
        started_at=now,
        heartbeat_at=now,
        lease_until=now,
        finished_at=now,
        error="RuntimeError: database is locked",
    )
    mail = OutboundEmail.objects.create(
        subject="감사합니다",
        recipients=ADDRESS,
        status="failed",
        attempts=10,
        next_attempt_at=now,
        last_error="SMTPDataError: (451, b'Try again later')",
    )
    RUNS.clear()
    return {"task": result.id, "run": run, "mail": mail}


def _staff(client, *, perms=(), superuser=False):
    user = get_user_model().objects.create_user(
        "ops-staff", password="x-ops-staff-1", is_staff=True, is_superuser=superuser
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    return user


def test_staff_without_the_permission_see_nothing_and_change_nothing(client, failures):
    _staff(client, perms=("view_outboundemail",))
    page = client.get("/admin/operations/failed/")
    assert page.status_code in (302, 403)
    for url in (
        f"/admin/operations/failed/task/{failures['task']}/retry/",
        f"/admin/operations/failed/run/{failures['run'].pk}/retry/",
        f"/admin/operations/failed/mail/{failures['mail'].pk}/retry/",
    ):
        assert client.post(url).status_code in (302, 403)
        assert "index was locked" not in client.post(url).content.decode()
    assert DBTaskResult.objects.get(pk=failures["task"]).status == "FAILED"
    assert JobRun.objects.get().status == "failed"
    assert OutboundEmail.objects.get().status == "failed"


def test_the_outbox_listing_needs_its_view_permission(client, failures):
    _staff(client, perms=("manage_jobs",))
    answer = client.get("/admin/operations_outbox/")
    assert answer.status_code in (302, 403) and ADDRESS not in answer.content.decode()
    # but the failed-jobs screen is theirs, without the addresses
    page = client.get("/admin/operations/failed/")
    assert page.status_code == 200 and ADDRESS not in page.content.decode()


def test_an_outbox_reader_sees_addresses_never_the_message(client, failures):
    _staff(client, perms=("view_outboundemail",))
    listing = client.get("/admin/operations_outbox/")
    assert listing.status_code == 200 and ADDRESS in listing.content.decode()
    inspect = client.get(f"/admin/operations_outbox/inspect/{failures['mail'].pk}/")
    assert inspect.status_code == 200 and ADDRESS in inspect.content.decode()
    assert AuditEntry.objects.filter(action="record.view").exists()  # the inspect is logged


def test_the_failed_jobs_screen_in_korean_and_its_retry_buttons(client, failures):
    user = _staff(client, superuser=True)
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    page = client.get("/admin/operations/failed/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "실패한 작업" in body and "재시도" in body
    assert "the search index was locked" in body and "supporters.retention" in body
    assert ADDRESS not in body  # the mail's row shows no address

    # GET changes nothing
    assert (
        client.get(f"/admin/operations/failed/run/{failures['run'].pk}/retry/").status_code == 405
    )

    # a failed task: enqueued again with its arguments (it runs at once here), once
    url = f"/admin/operations/failed/task/{failures['task']}/retry/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # double submit
    assert RUNS == ["x"]
    assert not DBTaskResult.objects.filter(pk=failures["task"]).exists()

    # a failed scheduled run: the next runner takes it
    client.post(f"/admin/operations/failed/run/{failures['run'].pk}/retry/")
    client.post(f"/admin/operations/failed/run/{failures['run'].pk}/retry/")
    run = JobRun.objects.get()
    assert run.status == "retry" and run.attempts == 3

    # a failed mail: due again at once (its delivery task is enqueued on commit)
    client.post(f"/admin/operations/failed/mail/{failures['mail'].pk}/retry/")
    mail = OutboundEmail.objects.get()
    assert mail.status in ("queued", "sending") and mail.attempts <= 1
    assert AuditEntry.objects.filter(action="job.retry").count() == 3  # one per real retry


def test_the_failed_jobs_screen_costs_the_same_with_many_rows(
    client, failures, django_assert_max_num_queries
):
    now = timezone.now()
    for number in range(25):
        JobRun.objects.create(
            job="audit.verify",
            period=f"2026-11-{number + 1:02d}",
            status="failed",
            started_at=now,
            heartbeat_at=now,
            lease_until=now - dt.timedelta(hours=1),
            error="x",
        )
        OutboundEmail.objects.create(
            recipients=ADDRESS, status="failed", attempts=3, next_attempt_at=now
        )
    _staff(client, superuser=True)
    with django_assert_max_num_queries(25):
        assert client.get("/admin/operations/failed/").status_code == 200


def test_the_system_administrators_role_opens_the_failed_jobs_and_nothing_personal(failures):
    """``setup_roles`` gives ``operations.manage_jobs`` to the system administrators and to no
    other role; they see the failed jobs (and must use two factors), not the outbox's addresses
    nor anyone's record."""
    import io

    from django.core.management import call_command

    from candle.access.policy import two_factor_required
    from candle.access.roles import ROLES, SYSTEM_ADMINISTRATORS
    from candle.access.tests.staff import role_member, staff_client

    call_command("setup_roles", stdout=io.StringIO())
    holders = [name for name, role in ROLES.items() if "operations.manage_jobs" in role.permissions]
    assert holders == [SYSTEM_ADMINISTRATORS]
    admin = role_member(SYSTEM_ADMINISTRATORS)
    assert admin.has_perm("operations.manage_jobs")
    assert two_factor_required(admin)
    client = staff_client(admin)
    page = client.get("/admin/operations/failed/", HTTP_ACCEPT_LANGUAGE="ko")
    assert page.status_code == 200 and "index was locked" in page.content.decode()
    assert ADDRESS not in page.content.decode()
    assert client.get("/admin/operations_outbox/").status_code in (302, 403)
    assert client.get("/admin/supporters/").status_code in (302, 403, 404)
