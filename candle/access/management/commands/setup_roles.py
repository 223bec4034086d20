"""manage.py setup_roles: make every staff group match the roles matrix (idempotent).

The matrix is ``candle.access.roles.ROLES``; each listed group gets exactly the permissions it
lists (missing ones added, unlisted ones removed), and the review workflow is set on every home
page. Permissions of apps not installed yet are skipped with a note: run it again after they land.
"""

from django.core.management.base import BaseCommand

from candle.access.roles import ROLES, roles_setup


class Command(BaseCommand):
    help = "Create the staff groups and set their permissions exactly as the roles matrix lists."

    def handle(self, *args, **options):
        for note in roles_setup():
            self.stdout.write(f"Note: {note}")
        for name, role in ROLES.items():
            self.stdout.write(f"{name} ({role.label}): {role.purpose}")
        self.stdout.write(self.style.SUCCESS(f"{len(ROLES)} roles set."))
