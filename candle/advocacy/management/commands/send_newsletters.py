"""Resume every newsletter issue still sending (after a restart, a crash, a killed worker).
Run it from cron every few minutes; rows a dead process left half-sent are never sent again."""

from django.core.management.base import BaseCommand

from candle.advocacy.newsletters.services import newsletter_resume_all


class Command(BaseCommand):
    help = "Resume sending newsletter issues that are still being sent."

    def handle(self, *args, **options):
        ids = newsletter_resume_all()
        self.stdout.write(f"resumed {len(ids)} issue(s): {ids}")
