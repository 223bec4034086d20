"""``manage.py backup [--output FILE]``: one encrypted archive of the database and the uploads.

See docs/subsystems/backups.md. The archive is encrypted to ``CANDLE_BACKUP_RECIPIENT``
(age public keys); the field encryption keys are never in it.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from candle.audit.log import record
from candle.backups.services import backup_create, backup_recipients


class Command(BaseCommand):
    help = "Write an encrypted backup archive (database, media, encrypted uploads, manifest)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write (default: CANDLE_VAR_DIR/backups/candle-<time>.tar.gz.age).",
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        recipients = backup_recipients(settings.CANDLE_BACKUP_RECIPIENT)
        if output is None:
            stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
            output = Path(settings.CANDLE_VAR_DIR) / "backups" / f"candle-{stamp}.tar.gz.age"
        manifest = backup_create(
            output=output,
            recipients=recipients,
            progress=self.stdout.write if verbosity > 0 else lambda message: None,
        )
        record("backup.create", count=sum(manifest["tables"].values()), detail=output.name)
