"""Load the bilingual demo site. Idempotent: running it twice changes nothing."""

from django.core.management.base import BaseCommand

from candle.pages.demo import demo_content_load


class Command(BaseCommand):
    help = "Load the bilingual demo content (fictional people only) and create the demo admin."

    def handle(self, *args, **options):
        summary = demo_content_load(stdout=self.stdout)
        for line in summary:
            self.stdout.write(line)
