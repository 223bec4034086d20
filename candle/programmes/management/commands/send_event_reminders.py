from django.core.management.base import BaseCommand

from candle.programmes.services import event_reminders_send


class Command(BaseCommand):
    help = "Send the day-before reminder to confirmed registrants of tomorrow's events (run daily)."

    def handle(self, *args, **options):
        sent = event_reminders_send()
        self.stdout.write(f"reminders sent: {sent}")
