"""``manage.py run_schedule``: run Candle's periodic jobs (candle/operations/schedule.py).

Without options it loops (the worker machine's service, beside ``db_worker``): every
``--interval`` seconds it runs what is due. ``--once`` runs what is due and exits (for a
systemd timer or cron); it exits 1 if a job failed. Any number of runners may run at once:
each (job, period) is claimed once (docs/subsystems/operations.md).
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from candle.operations.runner import runner_name, schedule_run_due
from candle.operations.schedule import jobs


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (a loop, or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument(
            "--interval", type=int, default=20, help="Seconds between rounds (loop only)."
        )
        parser.add_argument(
            "--job", action="append", dest="only", help="Only this job (may be repeated)."
        )
        parser.add_argument("--list", action="store_true", help="Show the schedule and exit.")

    def handle(self, *args, once, interval, only, list, **options):
        self.verbosity = options.get("verbosity", 1)
        if list:
            for job in jobs():
                self.stdout.write(f"{job.name:36} {job.cadence}")
            return
        known = {job.name for job in jobs()}
        if only and set(only) - known:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(set(only) - known))}")
        only_set = set(only) if only else None
        runner = runner_name()
        if once:
            outcomes = self._round(runner, only_set)
            failed = [o for o in outcomes if o.status == "failed"]
            if failed:
                raise CommandError(
                    f"{len(failed)} job(s) failed: {', '.join(o.job for o in failed)}"
                )
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())  # finish the running job, then leave
        self.stdout.write(f"run_schedule {runner}: every {interval}s, {len(jobs())} jobs")
        while not stop.is_set():
            self._round(runner, only_set)
            close_old_connections()
            stop.wait(max(1, interval))

    def _round(self, runner, only):
        outcomes = schedule_run_due(runner=runner, only=only)
        for outcome in outcomes:
            if self.verbosity >= 1:
                self.stdout.write(
                    f"{outcome.job} {outcome.period}: {outcome.status} "
                    f"(attempt {outcome.attempts}) {outcome.summary.splitlines()[-1] if outcome.summary else ''}"
                )
        return outcomes
