"""``manage.py check``: one warning when the site runs on PostgreSQL without the RUM index."""

from django.core import checks
from django.db import connections

RUM_PACKAGE = "postgresql-15-rum"
RUM_MIGRATION = ("candle_search", "0004_searchrank_rum_index")
_warned: set[str] = set()


@checks.register("candle_search")
def rum_check(app_configs=None, **kwargs) -> list:
    """One warning, once per process, when the default database is PostgreSQL without the RUM
    index (search then scores every match: the same results, slower for common words)."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or "default" in _warned:
        return []
    from django.db.migrations.recorder import MigrationRecorder

    from .backends.postgres import rum_available

    try:
        # Before the migration that creates the index has run (``migrate`` on a new
        # database checks first), there is nothing to warn about yet.
        if RUM_MIGRATION not in MigrationRecorder(connection).applied_migrations():
            return []
        found = rum_available("default")
    except Exception:  # noqa: BLE001 - no database to ask (yet): nothing to say
        return []
    if found:
        return []
    _warned.add("default")
    return [
        checks.Warning(
            f"PostgreSQL has no RUM search index, so search scores every match (the same "
            f"results, slower for common words): install {RUM_PACKAGE} on the database server "
            f"and run `manage.py search_rum`.",
            id="candle_search.W001",
        )
    ]
