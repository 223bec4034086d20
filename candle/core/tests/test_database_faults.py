"""The database connection lost mid-request: a reader gets the page (read once more on a new
connection) or the bilingual 503 page, never a 500. On PostgreSQL the connection's server
process is killed for real (``pg_terminate_backend``)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from candle.core.faults import server_error
from candle.core.tests.database_faults import connection_lost
from candle.core.tests.migration_rows import migration_rows_restore

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def about(transactional_db):
    from candle.pages.services import site_tree_ensure

    migration_rows_restore()
    return site_tree_ensure()["ko"].standard["about"]


def test_a_reader_gets_the_page_when_the_connection_dies_mid_request(client, about):
    url = about.url
    expected = client.get(url).content
    with connection_lost(at_query=2) as met:
        response = client.get(url)
    assert met  # the connection was really lost while the page was being read
    assert response.status_code == 200
    assert response.content == expected


def test_a_database_that_stays_away_gives_the_bilingual_503_page(client, about):
    url = about.url
    with connection_lost(at_query=1, times=10) as met:
        response = client.get(url)
    assert len(met) == 2  # read twice, then given up
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "잠시 접속이 원활하지 않습니다" in html and "briefly unavailable" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert client.get(url).status_code == 200  # and back as soon as it is


def test_a_fault_outside_a_view_is_the_503_page_too():
    from django.db import InterfaceError

    request = RequestFactory().get("/ko/")
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def test_a_read_skips_the_health_check_and_a_form_keeps_it():
    from django.db import connection

    from candle.core.faults import health_check_skipped_for_reads

    connection.ensure_connection()
    enabled = connection.health_check_enabled
    connection.health_check_enabled = True
    try:
        for method, skipped in (("GET", True), ("HEAD", True), ("POST", False), ("PUT", False)):
            connection.health_check_done = False  # what close_old_connections asks for
            health_check_skipped_for_reads(environ={"REQUEST_METHOD": method})
            assert connection.health_check_done is skipped, method
        connection.health_check_done = False
        health_check_skipped_for_reads(scope={"type": "http", "method": "GET"})  # ASGI
        assert connection.health_check_done is True
    finally:
        connection.health_check_enabled = enabled
        connection.health_check_done = True


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="PostgreSQL only: a server process killed while its connection is idle",
)
def test_a_connection_killed_while_idle_costs_a_reader_nothing(client, about):
    from django.db import connection

    from candle.core.tests.database_faults import backend_kill

    url = about.url
    expected = client.get(url).content
    backend_kill(connection)  # the server restarted while the worker's connection was idle
    connection.health_check_done = True  # a GET: no SELECT 1 first
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == expected
