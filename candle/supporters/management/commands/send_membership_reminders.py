"""E-mail renewal reminders to members and lapse unpaid memberships. Run it daily; each
renewal date is reminded once however often it runs."""

from django.core.management.base import BaseCommand

from candle.supporters.membership import REMINDER_DAYS_BEFORE, membership_reminders_send


class Command(BaseCommand):
    help = "Send membership renewal reminders and lapse memberships long past their renewal date."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=REMINDER_DAYS_BEFORE)

    def handle(self, *args, days_before: int, **options):
        result = membership_reminders_send(days_before=days_before)
        self.stdout.write(
            f"{result['reminded']} reminders sent, {result['lapsed']} memberships lapsed"
        )
