"""The schedule's cadences and the runner's claims: each (job, period) runs once, whoever asks;
a run killed halfway is taken over once its lease has passed, never while it is alive."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from candle.operations.models import JobRun
from candle.operations.runner import (
    MAX_ATTEMPTS,
    job_run_retry,
    schedule_run_due,
)
from candle.operations.schedule import Daily, Every, Monthly, jobs

SEOUL = ZoneInfo("Asia/Seoul")
CALLS: list[str] = []


def seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def counting_job():
    CALLS.append("ran")
    return f"run {len(CALLS)}"


def failing_job():
    CALLS.append("failed")
    raise RuntimeError("the provider did not answer")


class Killed(BaseException):
    """What a kill -9 looks like to the runner: the job never returns and nothing is recorded."""


def killed_job():
    CALLS.append("killed")
    raise Killed


def test_cadences_name_the_latest_slot_in_seoul_time():
    now = seoul(2026, 12, 6, 9, 37, 12)
    assert Every(minutes=15).slot(now)[0] == "2026-12-06T09:30"
    assert Every(minutes=1).slot(now)[0] == "2026-12-06T09:37"
    assert Daily(at="03:10").slot(now)[0] == "2026-12-06"
    assert Daily(at="10:00").slot(now)[0] == "2026-12-05"  # today's has not come yet
    assert Monthly(day=6, at="09:00").slot(now)[0] == "2026-12"
    assert Monthly(day=6, at="10:00").slot(now)[0] == "2026-11"
    assert Monthly(day=31).slot(seoul(2027, 2, 28, 4, 0))[0] == "2027-02"  # its last day
    assert Monthly(day=1).slot(seoul(2027, 1, 1, 1, 0))[0] == "2026-12"
    # UTC in, Seoul out: 20:00 UTC on the 5th is 05:00 on the 6th in Seoul.
    assert Daily(at="04:00").slot(dt.datetime(2026, 12, 5, 20, 0, tzinfo=dt.UTC))[0] == "2026-12-06"
    with pytest.raises(ValueError):
        Every(minutes=7)
    with pytest.raises(ValueError):
        Monthly(day=32)


def test_the_declared_schedule_names_every_job_of_the_issue():
    names = {job.name for job in jobs()}
    assert {
        "pages.publish_scheduled",
        "giving.pledges_charge",
        "supporters.membership_reminders",
        "supporters.retention",
        "search.reindex_changed",
        "audit.verify",
        "mail.outbox_flush",
    } <= names
    for job in jobs():
        assert callable(job.callable())  # every dotted path imports


@pytest.mark.django_db
def test_a_period_runs_once_however_often_or_by_whom_it_is_asked(scratch_jobs):
    scratch_jobs.job_register("test.count", Daily(at="03:00"), counting_job)
    now = seoul(2026, 12, 6, 3, 5)
    first = schedule_run_due(now=now, runner="a", heartbeat=False)
    again = schedule_run_due(now=now + dt.timedelta(hours=5), runner="b", heartbeat=False)
    assert [(o.job, o.period, o.status) for o in first] == [("test.count", "2026-12-06", "done")]
    assert again == [] and CALLS == ["ran"]
    run = JobRun.objects.get()
    assert run.status == "done" and run.result == "run 1" and run.runner == "a"
    # The next day is a new period.
    schedule_run_due(now=now + dt.timedelta(days=1), runner="b", heartbeat=False)
    assert CALLS == ["ran", "ran"]


@pytest.mark.django_db
def test_a_run_killed_halfway_is_taken_over_only_after_its_lease(scratch_jobs):
    job = scratch_jobs.job_register("test.kill", Every(minutes=60), killed_job, lease_minutes=10)
    now = seoul(2026, 12, 6, 9, 1)
    with pytest.raises(Killed):
        schedule_run_due(now=now, runner="dead", heartbeat=False)
    run = JobRun.objects.get()
    assert run.status == "running" and run.attempts == 1

    scratch_jobs.job_register(job.name, job.cadence, counting_job, lease_minutes=10)
    # While the lease holds, another runner leaves it alone (it may still be working).
    assert schedule_run_due(now=now + dt.timedelta(minutes=9), runner="b", heartbeat=False) == []
    taken = schedule_run_due(now=now + dt.timedelta(minutes=11), runner="b", heartbeat=False)
    assert [(o.status, o.attempts) for o in taken] == [("done", 2)]
    assert schedule_run_due(now=now + dt.timedelta(minutes=30), runner="c", heartbeat=False) == []
    assert CALLS == ["killed", "ran"]
    run.refresh_from_db()
    assert run.status == "done" and run.runner == "b"


@pytest.mark.django_db
def test_a_killed_run_of_an_earlier_period_is_closed_as_failed(scratch_jobs):
    scratch_jobs.job_register("test.daily", Daily(at="03:00"), killed_job, lease_minutes=10)
    now = seoul(2026, 12, 5, 3, 1)
    with pytest.raises(Killed):
        schedule_run_due(now=now, runner="dead", heartbeat=False)
    scratch_jobs.job_register("test.daily", Daily(at="03:00"), counting_job, lease_minutes=10)
    schedule_run_due(now=now + dt.timedelta(days=1), runner="b", heartbeat=False)
    runs = dict(JobRun.objects.values_list("period", "status"))
    assert runs == {"2026-12-05": "failed", "2026-12-06": "done"}
    assert "Abandoned" in JobRun.objects.get(period="2026-12-05").error
    assert CALLS == ["killed", "ran"]


@pytest.mark.django_db
def test_a_failed_job_is_tried_again_after_a_pause_then_left_for_staff(scratch_jobs):
    scratch_jobs.job_register("test.fail", Daily(at="03:00"), failing_job)
    start = seoul(2026, 12, 6, 3, 0)
    outcome = schedule_run_due(now=start, runner="a", heartbeat=False)[0]
    assert outcome.status == "failed" and "the provider did not answer" in outcome.summary
    run = JobRun.objects.get()
    assert run.status == "failed" and "RuntimeError" in run.error

    # The runner stamps finished_at with the real clock. Asking from "real time + hours" once
    # crossed midnight in Seoul in the evening (UTC afternoon), where the next day's slot ran
    # the job again as a new period: each attempt is put back on the test's own clock instead,
    # inside the same day's slot.
    def finished(at: dt.datetime) -> None:
        JobRun.objects.filter(pk=run.pk).update(finished_at=at)

    finished(start)
    later = start + dt.timedelta(minutes=1)
    assert schedule_run_due(now=later, runner="a", heartbeat=False) == []  # pausing
    for hours in range(1, 6):
        finished(start + dt.timedelta(hours=hours - 1))
        schedule_run_due(now=start + dt.timedelta(hours=hours), runner="a", heartbeat=False)
    run.refresh_from_db()
    assert run.status == "failed" and run.attempts == MAX_ATTEMPTS
    assert CALLS == ["failed"] * MAX_ATTEMPTS

    # Staff ask for another run: the next runner takes it, once.
    scratch_jobs.job_register("test.fail", Daily(at="03:00"), counting_job)
    assert job_run_retry(run_id=run.pk) is True
    assert job_run_retry(run_id=run.pk) is False  # a second press changes nothing
    outcomes = schedule_run_due(now=start + dt.timedelta(hours=8), runner="b", heartbeat=False)
    assert [o.status for o in outcomes] == ["done"]
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == MAX_ATTEMPTS + 1 and run.error == ""


@pytest.mark.django_db(transaction=True)
def test_the_command_runs_what_is_due_once_and_lists_the_schedule(scratch_jobs, capsys):
    scratch_jobs.job_register("test.count", Every(minutes=60), counting_job)
    call_command("run_schedule", "--once")
    call_command("run_schedule", "--once")
    assert CALLS == ["ran"]
    assert "test.count" in capsys.readouterr().out
    call_command("run_schedule", "--list")
    assert "every 60 min" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("run_schedule", "--once", "--job", "no.such.job")
    scratch_jobs.job_register("test.fail", Every(minutes=60), failing_job)
    with pytest.raises(CommandError, match="test.fail"):
        call_command("run_schedule", "--once", "--job", "test.fail")


@pytest.mark.django_db(transaction=True)
def test_a_long_job_keeps_its_lease_alive_while_it_runs(scratch_jobs, monkeypatch):
    import time

    from candle.operations import runner

    seen: list[dt.datetime] = []

    def slow_job():
        first = JobRun.objects.get().lease_until
        time.sleep(1.0)
        seen.extend([first, JobRun.objects.get().lease_until])
        return "slow"

    monkeypatch.setattr(runner, "HEARTBEAT_SECONDS", 0.2)
    scratch_jobs.job_register("test.slow", Every(minutes=60), slow_job, lease_minutes=1)
    outcome = schedule_run_due(runner="a", heartbeat=True)[0]
    assert outcome.status == "done"
    assert seen[1] > seen[0]  # the heartbeat pushed the lease forward meanwhile
