"""Load the bilingual demo site. Idempotent: running it twice changes nothing."""

import logging

from django.core.management.base import BaseCommand

from candle.pages.demo import demo_content_load


class Command(BaseCommand):
    help = "Load the bilingual demo content (fictional people only) and create the demo users."

    def handle(self, *args, **options):
        logging.getLogger("fontTools").setLevel(logging.ERROR)  # fpdf2's font subsetting is chatty
        for line in demo_content_load(stdout=self.stdout):
            self.stdout.write(line)
