"""manage.py rotate_field_keys: re-encrypt every stored resident registration number with the
first key of CANDLE_FIELD_KEYS / CANDLE_FIELD_KEY_FILE. Put the new key first, run this, then
remove the old key."""

from django.core.management.base import BaseCommand, CommandError

from candle.giving.services import tax_id_keys_rotate
from candle.giving.taxid import TaxIdKeyError


class Command(BaseCommand):
    help = "Re-encrypt stored resident registration numbers with the newest field key."

    def handle(self, *args, **options):
        try:
            count = tax_id_keys_rotate()
        except TaxIdKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{count} registration numbers re-encrypted with the newest key.")
