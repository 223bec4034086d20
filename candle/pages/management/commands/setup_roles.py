from django.core.management.base import BaseCommand

from candle.pages.workflow import EDITORS, WORKFLOW_NAME, WRITERS, workflow_setup


class Command(BaseCommand):
    help = "Create the Writers and Editors groups and the two-step review workflow (idempotent)."

    def handle(self, *args, **options):
        workflow_setup()
        self.stdout.write(
            f"Groups {WRITERS!r} and {EDITORS!r}; workflow {WORKFLOW_NAME!r} on every home page."
        )
