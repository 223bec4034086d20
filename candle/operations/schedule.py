"""The schedule: every periodic job Candle runs, declared in one place.

A job is a name, a cadence and a callable taking no arguments (it does whatever is due *now*
and returns a short summary, ids and counts only). Cadences count in Asia/Seoul:

- ``Every(minutes=N)``: each N-minute slot of the day (period ``2026-12-06T09:30``);
- ``Daily(at="03:10")``: once a day at or after that time (period ``2026-12-06``);
- ``Monthly(day=1, at="06:00")``: once a month (period ``2026-12``; day 31 in a short month is
  its last day).

Only the latest slot that has begun counts: a runner that was down for three days runs a
daily job once, not three times. ``manage.py run_schedule`` claims each due (job, period) in
``JobRun`` (``runner.py``); each job's own effects must be idempotent as well, because a run
killed halfway is run again once its lease has passed.

Other apps add their jobs from their ``AppConfig.ready()``::

    from candle.operations.schedule import Daily, job_register
    job_register("newsletters.send", Every(minutes=5), "candle.newsletters.services.issues_send_due")

The callable may be given as a dotted path (imported when the job runs) or a function.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.module_loading import import_string

SEOUL = ZoneInfo("Asia/Seoul")


def _hhmm(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


@dataclass(frozen=True)
class Every:
    minutes: int

    def __post_init__(self):
        if not 1 <= self.minutes <= 24 * 60 or (24 * 60) % self.minutes:
            raise ValueError("Every(minutes=N): N must divide a day (1, 5, 10, 15, 30, 60…).")

    def slot(self, now: dt.datetime) -> tuple[str, dt.datetime]:
        local = now.astimezone(SEOUL)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        minutes = (local.hour * 60 + local.minute) // self.minutes * self.minutes
        start = midnight + dt.timedelta(minutes=minutes)
        return start.strftime("%Y-%m-%dT%H:%M"), start

    def __str__(self) -> str:
        return f"every {self.minutes} min"


@dataclass(frozen=True)
class Daily:
    at: str = "03:00"

    def __post_init__(self):
        _hhmm(self.at)

    def slot(self, now: dt.datetime) -> tuple[str, dt.datetime]:
        local = now.astimezone(SEOUL)
        start = dt.datetime.combine(local.date(), _hhmm(self.at), SEOUL)
        if start > local:
            start = dt.datetime.combine(local.date() - dt.timedelta(days=1), _hhmm(self.at), SEOUL)
        return start.date().isoformat(), start

    def __str__(self) -> str:
        return f"daily at {self.at} (Asia/Seoul)"


@dataclass(frozen=True)
class Monthly:
    day: int = 1
    at: str = "03:00"

    def __post_init__(self):
        if not 1 <= self.day <= 31:
            raise ValueError("Monthly(day=D): D from 1 to 31.")
        _hhmm(self.at)

    def _start(self, year: int, month: int) -> dt.datetime:
        day = min(self.day, calendar.monthrange(year, month)[1])
        return dt.datetime.combine(dt.date(year, month, day), _hhmm(self.at), SEOUL)

    def slot(self, now: dt.datetime) -> tuple[str, dt.datetime]:
        local = now.astimezone(SEOUL)
        start = self._start(local.year, local.month)
        if start > local:
            year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
            start = self._start(year, month)
        return start.strftime("%Y-%m"), start

    def __str__(self) -> str:
        return f"monthly on day {self.day} at {self.at} (Asia/Seoul)"


Cadence = Every | Daily | Monthly


@dataclass(frozen=True)
class Job:
    name: str
    cadence: Cadence
    target: str | Callable[[], object]
    lease_minutes: int = 30  # a run whose heartbeat is older than this is taken over

    def callable(self) -> Callable[[], object]:
        return import_string(self.target) if isinstance(self.target, str) else self.target


# The jobs Candle itself runs. Times are Korean; most of the night's work is spread out so
# that one slow job does not hold up the next.
_JOBS: dict[str, Job] = {}


def job_register(
    name: str, cadence: Cadence, target: str | Callable[[], object], *, lease_minutes: int = 30
) -> Job:
    """Add a job to the schedule (call it from ``AppConfig.ready()``). Registering the same
    name again replaces the earlier declaration."""
    job = Job(name=name, cadence=cadence, target=target, lease_minutes=lease_minutes)
    _JOBS[name] = job
    return job


def job_unregister(name: str) -> None:
    _JOBS.pop(name, None)


def jobs() -> list[Job]:
    return list(_JOBS.values())


def job_get(name: str) -> Job | None:
    return _JOBS.get(name)


_J = "candle.operations.jobs."
job_register("pages.publish_scheduled", Every(minutes=1), _J + "publish_scheduled")
job_register("mail.outbox_flush", Every(minutes=1), _J + "mail_outbox_flush")
job_register("search.reindex_changed", Every(minutes=15), _J + "search_reindex_changed")
# Each pledge is charged on its own day of the month; a daily run charges those due today
# (one payment per pledge per month: giving.services.pledges_charge_due).
job_register("giving.pledges_charge", Daily(at="06:00"), _J + "pledges_charge")
job_register("supporters.membership_reminders", Daily(at="09:00"), _J + "membership_reminders")
job_register("supporters.retention", Daily(at="03:10"), _J + "retention")
job_register("tasks.results_prune", Daily(at="03:40"), _J + "task_results_prune")
job_register("operations.submissions_prune", Daily(at="03:45"), _J + "submissions_prune")
job_register("audit.verify", Daily(at="04:00"), _J + "audit_verify")
