"""psycopg's C loader for ``timestamptz`` in place of Django's Python one
(``candle.core.pg_loaders``): the same values, the same ``tzinfo``, on every connection."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from candle.core.pg_loaders import UtcTimestamptzLoader, native_loader_applies

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has no loaders"
    ),
]

# Every shape of text PostgreSQL writes for a timestamptz in the session's zone (UTC): with
# and without fractions of a second (one to six digits), offsets given to the seconds, the
# first and last years Python can hold, a leap day, and NULL.
LITERALS = [
    "2026-12-07 06:05:08+00",
    "2026-12-07 06:05:08.1+09",
    "2026-12-07 06:05:08.12-03:30",
    "2026-12-07 06:05:08.123456+05:45",
    "2024-02-29 23:59:59.999999-12",
    "1970-01-01 00:00:00+00",
    "1901-12-13 20:45:52+08:27:52",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    None,
]


def _read(cursor, literal):
    cursor.execute("SELECT %s::timestamptz", [literal])
    return cursor.fetchone()[0]


def test_the_connection_reads_dates_with_the_native_loader():
    from psycopg import adapters, pq

    connection.ensure_connection()
    assert native_loader_applies(connection)
    oid = adapters.types["timestamptz"].oid
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(oid, pq.Format.TEXT)
    assert loader is UtcTimestamptzLoader
    # Django's create_cursor compares this with the connection's and, when they differ,
    # registers its own loader on each cursor again
    assert loader.timezone == connection.timezone


def test_the_native_loader_gives_what_djangos_gives():
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    with connection.cursor() as ours, connection.cursor() as djangos:
        register_tzloader(connection.timezone, djangos.cursor)  # Django's own, as before
        for literal in LITERALS:
            native, expected = _read(ours, literal), _read(djangos, literal)
            assert native == expected, literal
            if expected is not None:
                assert native.tzinfo is expected.tzinfo is datetime.UTC, literal
                assert native.isoformat() == expected.isoformat(), literal


def test_a_model_reads_back_the_instant_it_wrote():
    from wagtail.models import Page

    written = datetime.datetime(
        2026, 12, 7, 15, 5, 8, 123456, tzinfo=timezone.get_fixed_timezone(540)
    )
    root = Page.objects.get(depth=1)
    Page.objects.filter(pk=root.pk).update(last_published_at=written)
    read = Page.objects.get(pk=root.pk).last_published_at
    assert read == written
    assert read.tzinfo is datetime.UTC
