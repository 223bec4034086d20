"""Erase youth programme applications past their retention period (also a daily job)."""

from django.core.management.base import BaseCommand

from candle.programmes.youth.services import applications_retention_apply


class Command(BaseCommand):
    help = "Erase applications whose programme ended more than its retention period ago."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run=False, **options):
        count = applications_retention_apply(dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(f"applications {verb}: {count}")
