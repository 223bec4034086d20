"""Run the schedule: claim each due (job, period) once, run it, record how it went.

The claim is a ``JobRun`` row under a unique (job, period) constraint, written in its own
transaction before the job starts. Whoever inserts it runs the job; a second runner (another
machine, a timer firing while the loop runs, the same command twice) finds the row and does
nothing. While a job runs, a heartbeat thread pushes its lease forward; a runner killed
halfway (power, ``kill -9``) leaves the row ``running`` with a lease that stops moving, and once
it has passed the next runner takes the run over (one conditional UPDATE: only one can) and
runs the job again. That is safe because every job's effects are idempotent (``jobs.py``).

A job that raises is marked ``failed`` with its traceback and tried again in the same period
after a pause (5, then 30 minutes; three attempts in all). The admin's failed-jobs screen can
ask for another run of any failed one (status ``retry``), which the next runner takes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import traceback
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import JobRun
from .schedule import Job, job_get, jobs

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_PAUSES = (dt.timedelta(minutes=5), dt.timedelta(minutes=30))
HEARTBEAT_SECONDS = 30


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Outcome:
    job: str
    period: str
    status: str  # JobRun.Status value
    attempts: int
    summary: str


def _lease(job: Job, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=job.lease_minutes)


def _retry_pause(attempts: int) -> dt.timedelta:
    return RETRY_PAUSES[min(attempts, len(RETRY_PAUSES)) - 1]


def job_claim(*, job: Job, period: str, now: dt.datetime, runner: str) -> JobRun | None:
    """The run of ``job`` for ``period``, claimed for ``runner``; None when it is done, running
    under a live lease, or failed and not yet due for another attempt."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name,
                period=period,
                status=JobRun.Status.RUNNING,
                runner=runner,
                started_at=now,
                heartbeat_at=now,
                lease_until=_lease(job, now),
            )
    except IntegrityError:
        pass
    run = JobRun.objects.filter(job=job.name, period=period).first()
    if run is None:
        return None
    return _take_over(run=run, job=job, now=now, runner=runner)


def _take_over(*, run: JobRun, job: Job, now: dt.datetime, runner: str) -> JobRun | None:
    Status = JobRun.Status
    if run.status == Status.FAILED and (
        run.attempts >= MAX_ATTEMPTS
        or run.finished_at is None
        or run.finished_at + _retry_pause(run.attempts) > now
    ):
        return None
    takeable = (
        Q(status=Status.RUNNING, lease_until__lt=now)
        | Q(status=Status.RETRY)
        | Q(status=Status.FAILED)
    )
    taken = JobRun.objects.filter(
        takeable, pk=run.pk, status=run.status, attempts=run.attempts
    ).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        runner=runner,
        started_at=now,
        heartbeat_at=now,
        lease_until=_lease(job, now),
        finished_at=None,
    )
    if not taken:
        return None
    run.refresh_from_db()
    logger.warning("job %s %s taken over (attempt %d)", run.job, run.period, run.attempts)
    return run


class _Heartbeat(threading.Thread):
    """Pushes the run's lease forward while the job runs, on its own database connection."""

    def __init__(self, *, run: JobRun, job: Job):
        super().__init__(name=f"heartbeat-{run.pk}", daemon=True)
        self.run_id, self.attempts, self.job = run.pk, run.attempts, job
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                now = timezone.now()
                try:
                    JobRun.objects.filter(
                        pk=self.run_id, attempts=self.attempts, status=JobRun.Status.RUNNING
                    ).update(heartbeat_at=now, lease_until=_lease(self.job, now))
                except Exception:  # SQLite busy with the job's own writes: beat again later
                    logger.warning("heartbeat missed for job run %s", self.run_id, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=HEARTBEAT_SECONDS)


def job_run(*, job: Job, run: JobRun, heartbeat: bool = True) -> Outcome:
    """Run a claimed job and record its end (only if the run is still ours)."""
    beat = _Heartbeat(run=run, job=job) if heartbeat else None
    if beat:
        beat.start()
    mine = JobRun.objects.filter(pk=run.pk, attempts=run.attempts, status=JobRun.Status.RUNNING)
    try:
        summary = str(job.callable()() or "")[:2000]
    except Exception:
        error = traceback.format_exc()[-8000:]
        mine.update(status=JobRun.Status.FAILED, error=error, finished_at=timezone.now())
        logger.exception("job %s %s failed (attempt %d)", job.name, run.period, run.attempts)
        return Outcome(job.name, run.period, JobRun.Status.FAILED, run.attempts, error)
    finally:
        if beat:
            beat.stop()
    mine.update(status=JobRun.Status.DONE, result=summary, error="", finished_at=timezone.now())
    logger.info("job %s %s done: %s", job.name, run.period, summary)
    return Outcome(job.name, run.period, JobRun.Status.DONE, run.attempts, summary)


def _abandoned_close(*, now: dt.datetime, current: dict[str, str]) -> None:
    """A run of an earlier period whose runner died: its job has a newer period to do what is
    due, so the old run is closed as failed (shown in the admin; retry runs it again)."""
    for run in JobRun.objects.filter(status=JobRun.Status.RUNNING, lease_until__lt=now):
        if current.get(run.job) == run.period:
            continue
        JobRun.objects.filter(pk=run.pk, attempts=run.attempts, status=run.status).update(
            status=JobRun.Status.FAILED,
            finished_at=now,
            error=f"Abandoned: its runner ({run.runner}) stopped before the job ended.",
        )


def schedule_run_due(
    *,
    now: dt.datetime | None = None,
    runner: str | None = None,
    heartbeat: bool = True,
    only: set[str] | None = None,
) -> list[Outcome]:
    """Run every job whose current period is not done yet, and every run the admin asked to
    retry. Returns what ran."""
    now = now or timezone.now()
    runner = runner or runner_name()
    outcomes = []
    declared = [job for job in jobs() if only is None or job.name in only]
    current = {job.name: job.cadence.slot(now)[0] for job in declared}
    _abandoned_close(now=now, current=current)
    for job in declared:
        run = job_claim(job=job, period=current[job.name], now=now, runner=runner)
        if run is not None:
            outcomes.append(job_run(job=job, run=run, heartbeat=heartbeat))
    for run in JobRun.objects.filter(status=JobRun.Status.RETRY).order_by("pk"):
        job = job_get(run.job)
        if job is None or (only is not None and job.name not in only):
            continue
        taken = _take_over(run=run, job=job, now=now, runner=runner)
        if taken is not None:
            outcomes.append(job_run(job=job, run=taken, heartbeat=heartbeat))
    return outcomes


def job_run_retry(*, run_id: int) -> bool:
    """Ask for another run of a failed (or abandoned) run: the next runner takes it. False
    when it is not failed any more (a second press changes nothing)."""
    return bool(
        JobRun.objects.filter(pk=run_id, status=JobRun.Status.FAILED).update(
            status=JobRun.Status.RETRY
        )
    )
