"""manage.py board_listings_rebuild: rebuild the board listing table from the page tree.

Publishing keeps the table right; run this after writing pages behind Wagtail's back (raw SQL,
a restored backup of only some tables) or if a board ever lists the wrong posts."""

import time

from django.core.management.base import BaseCommand

from candle.pages.listings import board_listings_rebuild
from candle.pages.services import page_statistics_refresh


class Command(BaseCommand):
    help = "Rebuild the table of which posts each board lists (pinned, date) from the page tree."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = board_listings_rebuild()
        page_statistics_refresh()  # PostgreSQL: the rewritten table's statistics
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} listing rows written in {time.monotonic() - started:.1f} s."
            )
        )
