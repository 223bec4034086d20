"""``manage.py search_rum``: create the RUM extension and index on a PostgreSQL server that got
``postgresql-15-rum`` after migration 0004 ran (which then did nothing)."""

from django.core.management.base import BaseCommand
from django.db import connection

from candle.search.backends.rum import rum_index_ensure


class Command(BaseCommand):
    help = "PostgreSQL: create the RUM extension and the search index search ranks from."

    def handle(self, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: SQLite search needs no RUM.")
            return
        if rum_index_ensure(connection):
            self.stdout.write("The RUM index is there: search ranks from it.")
        else:
            self.stdout.write(
                "This server has no RUM extension: install postgresql-15-rum on it, then run "
                "this again."
            )
