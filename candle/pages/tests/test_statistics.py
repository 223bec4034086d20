"""Planner statistics after bulk writes (``page_statistics_refresh``).

PostgreSQL without statistics guesses every table tiny: it read a board's page 200 by sorting
all the board's rows instead of walking the listing index, and planned the search statement
as a nested loop over every page for each match. Bulk writers therefore ANALYZE what they
filled."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.models import BoardListing
from candle.pages.services import page_statistics_refresh

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite plans without statistics"
)


@postgresql_only
def test_the_tables_bulk_work_fills_are_analysed(site_tree):
    with CaptureQueriesContext(connection) as queries:
        tables = page_statistics_refresh()
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert f'ANALYZE "{BoardListing._meta.db_table}"' in analysed
    assert 'ANALYZE "wagtailcore_page"' in analysed
    assert 'ANALYZE "wagtailsearch_indexentry"' in analysed
    assert len(analysed) == len(tables) == 5
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [BoardListing._meta.db_table]
        )
        assert cursor.fetchone()[0] >= 0  # -1: never analysed


@postgresql_only
def test_rebuilding_the_listings_analyses_them(site_tree):
    with CaptureQueriesContext(connection) as queries:
        call_command("board_listings_rebuild", stdout=io.StringIO())
    assert any(
        q["sql"] == f'ANALYZE "{BoardListing._meta.db_table}"' for q in queries.captured_queries
    )


def test_sqlite_is_left_as_it_is(site_tree):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with CaptureQueriesContext(connection) as queries:
        assert page_statistics_refresh() == []
    assert not [q for q in queries.captured_queries if "ANALYZE" in q["sql"].upper()]
