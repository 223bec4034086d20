"""manage.py rotate_field_keys: re-encrypt every encrypted field and file of every app with the
first (newest) key of CANDLE_FIELD_KEYS / CANDLE_FIELD_KEY_FILE.

Put the new key first (the old one after it), run this, then remove the old key. Shows a
progress bar per column on a terminal; prints one line per column and a total. Safe to run
again after an interruption. See docs/subsystems/access-encryption.md.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from candle.core.encryption.keys import FieldKeyError
from candle.core.encryption.registry import encrypted_columns
from candle.core.encryption.rotation import BATCH_SIZE, field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and file with the newest field key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows per transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        bars: dict[str, tqdm] = {}

        def progress(column, done, total):
            bar = bars.get(column.label)
            if bar is None:
                bar = bars[column.label] = tqdm(
                    total=total, desc=column.label, unit="row", file=self.stderr, disable=None
                )
            bar.update(done - bar.n)

        self.stdout.write(f"Re-encrypting {len(encrypted_columns())} encrypted columns and files.")
        try:
            counts = field_keys_rotate(batch_size=batch_size, progress=progress)
        except FieldKeyError as error:
            raise CommandError(str(error)) from None
        finally:
            for bar in bars.values():
                bar.close()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} re-encrypted")
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"{total} values re-encrypted with the newest key."))
