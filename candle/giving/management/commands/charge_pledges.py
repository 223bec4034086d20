"""manage.py charge_pledges: charge the monthly card pledges that are due (run daily)."""

from django.core.management.base import BaseCommand

from candle.giving.services import pledges_charge_due


class Command(BaseCommand):
    help = "Start this month's card charge for every active pledge that is due. Safe to run twice."

    def handle(self, *args, **options):
        payments = pledges_charge_due()
        self.stdout.write(f"{len(payments)} monthly charges started.")
