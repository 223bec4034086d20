"""``manage.py audit_verify``: check the audit log's hash chain from its first entry.

Exits 0 and says how many entries it checked (and the last hash, worth noting down: a removed
last entry can only be seen against an earlier count and hash). Otherwise names the first
entry that does not follow from the one before it and exits 1. See
docs/subsystems/access-audit.md for what to do then.
"""

from django.core.management.base import BaseCommand, CommandError

from candle.audit.chain import chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; name the first broken entry."

    def handle(self, *args, **options):
        report = chain_verify()
        if report.broken is not None:
            broken = report.broken
            raise CommandError(
                f"Audit log broken at entry id {broken.entry_id} (number {broken.seq}, "
                f"{broken.at.isoformat()}): {broken.problem}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(
            f"Audit log intact: {report.checked} entries checked; last hash {report.last_hash}."
        )
