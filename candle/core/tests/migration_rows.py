"""The rows the migrations made (Wagtail's root page, default site and collection, the locales,
work areas, categories, topics, casework vocabularies, search words, content types and
permissions), put back after every flush a transactional test ends with.

One mechanism for the whole suite, keyed to the flush itself: the root ``conftest.py`` takes a
snapshot of the test database right after the migrations (Django's own serializer, as its
``serialized_rollback`` does) and wraps ``TransactionTestCase._fixture_teardown`` so that each
flush (pytest-django's ``transaction=True``/``transactional_db``/``live_server`` tests and plain
``TransactionTestCase`` classes alike) is followed by loading that snapshot. The next test on
the same worker, whatever it is, finds the database as the migrations left it: no fixture needs
to check for a missing root page. ``post_migrate`` is not sent by those flushes (the snapshot
holds the content types and permissions with their first ids, so cached ids stay true).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager


def migration_rows_snapshot() -> None:
    """Keep what every test database holds now (just migrated) on its connection."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not hasattr(connection, "_test_serialized_contents"):
            rows = json.loads(connection.creation.serialize_db_to_string())
            # Content types first: a save signal (loading sends them) that asks for a content
            # type not yet loaded would make one with a new id, and the loaded row then collides.
            rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
            connection._test_serialized_contents = json.dumps(rows)


def migration_rows_restore(alias: str = "default") -> None:
    """Load the snapshot into the (just flushed) database ``alias``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    connection = connections[alias]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        return
    connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@contextmanager
def flush_restores_migration_rows() -> Iterator[None]:
    """While open, every ``TransactionTestCase`` flush is followed by the snapshot's rows."""
    from django.db import connections
    from django.test import TransactionTestCase

    flush_only = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        serialized_rollback = self.serialized_rollback
        # Django then flushes without post_migrate (which would make new content type ids).
        self.serialized_rollback = True
        try:
            flush_only(self)
        finally:
            self.serialized_rollback = serialized_rollback
        for alias in self._databases_names(include_mirrors=False):
            if hasattr(connections[alias], "_test_serialized_contents"):
                migration_rows_restore(alias)

    TransactionTestCase._fixture_teardown = fixture_teardown
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = flush_only
