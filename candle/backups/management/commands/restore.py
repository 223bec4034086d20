"""``manage.py restore FILE --identity KEYFILE``: an archive back into an empty database and
empty media directories (the ones the settings name), checked against its manifest first.
See docs/subsystems/backups.md for the restore drill."""

from pathlib import Path

from django.core.management.base import BaseCommand

from candle.audit.log import record
from candle.backups.services import backup_identities, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and empty media directories."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--identity",
            type=Path,
            required=True,
            help="The age identity file (AGE-SECRET-KEY-1…) the archive was encrypted for.",
        )

    def handle(self, *args, archive, identity, verbosity=1, **options):
        manifest = backup_restore(
            archive=archive,
            identities=backup_identities(identity),
            progress=self.stdout.write if verbosity > 0 else lambda message: None,
        )
        # In the restored database, after its counts were checked against the manifest.
        record("backup.restore", count=sum(manifest["tables"].values()), detail=archive.name)
