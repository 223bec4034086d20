"""Delete or anonymise supporters whose retention periods have run out, and say what was done.
Run it daily (cron/systemd timer). ``--dry-run`` shows what would happen."""

from django.core.management.base import BaseCommand

from candle.supporters.retention import retention_apply, retention_days


class Command(BaseCommand):
    help = "Delete or anonymise supporters whose retention period has ended (PIPA), and report it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        periods = ", ".join(
            f"{purpose}={days}d" for purpose, days in sorted(retention_days().items())
        )
        self.stdout.write(f"Retention periods: {periods}")
        report = retention_apply(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
