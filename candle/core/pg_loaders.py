"""PostgreSQL's ``timestamptz`` values read by psycopg's C loader rather than in Python.

Django registers its own loader for ``timestamptz`` on every psycopg connection
(``psycopg_any.register_tzloader``): a subclass of psycopg's *Python* ``TimestamptzLoader``
that parses each value with a regular expression, then sets its time zone to the
connection's (``.replace(tzinfo=connection.timezone)``). Because it is a subclass, psycopg
cannot put its C loader in its place, as it does for Django's other loaders: every date a
page reads (a board's fifteen cards, a page's publication times, a post's comments) cost
about ten times what the C loader costs, some 4 µs each on this machine.

``timestamptz_loader_native`` (connected to ``connection_created``) registers on the new
connection a loader that hands each value to psycopg's C ``TimestamptzLoader``, when that
gives exactly what Django's gives: Django's time zone for the connection is UTC
(``USE_TZ`` and no ``TIME_ZONE`` of the database's own, so ``connection.timezone`` is
``datetime.timezone.utc``) and so is the session's (``TimeZone``, which Django set to UTC
before the signal): the C loader then returns the instant in UTC with
``datetime.timezone.utc`` as its ``tzinfo``, the value Django's returns. It keeps the
``timezone`` attribute Django's ``create_cursor`` compares with the connection's, so no cursor
registers Django's own loader again. ``candle/core/tests/test_pg_loaders.py`` compares both
loaders on dates of every kind (offsets, fractions of a second, the first and last years).
"""

from __future__ import annotations

import datetime

try:
    from psycopg.adapt import Loader

    try:
        from psycopg_binary._psycopg import TimestamptzLoader as _NativeTimestamptzLoader
    except ImportError:  # psycopg without its C part: Django's loader stays
        _NativeTimestamptzLoader = None
except ImportError:  # no psycopg 3 (psycopg2, or SQLite only)
    Loader, _NativeTimestamptzLoader = object, None


class UtcTimestamptzLoader(Loader):
    """``timestamptz`` as an aware ``datetime`` in UTC, read by psycopg's C loader (each
    instance's ``load`` is the C loader's own, so reading a value runs no Python)."""

    # compared by Django's ``create_cursor`` with ``connection.timezone``
    timezone = datetime.UTC

    def __init__(self, oid: int, context=None):
        super().__init__(oid, context)
        self._native = _NativeTimestamptzLoader(oid, context)
        self.load = self._native.load  # found on the instance: the C method, called directly

    def load(self, data):  # what the instance's own ``load`` does (the C loader's)
        return self._native.load(data)


def native_loader_applies(connection) -> bool:
    """Whether the C loader gives what Django's gives on this connection (see the module)."""
    if connection.vendor != "postgresql" or _NativeTimestamptzLoader is None:
        return False
    raw = connection.connection
    if raw is None or not hasattr(raw, "adapters") or not hasattr(raw, "pgconn"):
        return False  # psycopg2
    return (
        connection.timezone is datetime.UTC and raw.pgconn.parameter_status(b"TimeZone") == b"UTC"
    )


def timestamptz_loader_native(sender=None, connection=None, **kwargs) -> None:
    """``connection_created``: read ``timestamptz`` with psycopg's C loader when it gives
    what Django's does (``native_loader_applies``)."""
    if connection is not None and native_loader_applies(connection):
        connection.connection.adapters.register_loader("timestamptz", UtcTimestamptzLoader)
