"""Fixtures shared by every test module."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Compile a Korean catalogue whose .mo is missing (a new catalogue before anyone compiled it).

    The .mo files are committed (`make messages` compiles them); this only fills a gap, in the
    controlling process before xdist's workers start, so the tests read the Korean the .po says.
    """
    if hasattr(config, "workerinput"):
        return
    import polib

    for po_path in Path(__file__).parent.glob("candle/**/locale*/ko/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _second_factor_on_sign_in(request, monkeypatch):
    """A test client signed in with ``force_login``/``login`` has also given its second factor
    (``candle.access.testing``), so admin tests see the admin and not the code page. Tests
    marked ``real_two_factor`` sign in with the password alone and meet the enforcement."""
    if request.node.get_closest_marker("real_two_factor"):
        return
    from django.test.client import ClientMixin

    from candle.access.testing import client_second_factor_give

    force_login, login = ClientMixin.force_login, ClientMixin.login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        client_second_factor_give(self, user)

    def login_verified(self, **credentials):
        signed_in = login(self, **credentials)
        if signed_in:
            from django.contrib.auth import SESSION_KEY, get_user_model

            user = get_user_model().objects.get(pk=self.session[SESSION_KEY])
            client_second_factor_give(self, user)
        return signed_in

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)
    monkeypatch.setattr(ClientMixin, "login", login_verified)


@pytest.fixture
def site_tree(db):
    """Both languages' home pages with standard pages, work areas, boards and the library."""
    from candle.pages.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def data_cache_on(settings):
    """The data cache on (``settings/test.py`` has it off), empty before and after the test."""
    from candle.caching.store import page_cache

    settings.CANDLE_DATA_CACHE_ENABLED = True
    page_cache().clear()
    yield
    page_cache().clear()


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table, which also empties the rows the
    migrations made (Wagtail's root page, the default site, the root collection, the locales
    and labels). The next test on the same worker (whichever xdist sends) then found no root
    page. Put them back once the flush is done, so no test depends on the order tests run in
    (only when the test database was really set up for it: a test skipped before its fixtures
    never touched a database)."""
    set_up = getattr(item, "funcargs", {})
    ran = any(name in set_up for name in ("_django_db_helper", "transactional_db", "live_server"))
    yield
    if not (ran and _transactional(item)) or nextitem is None:
        # The last test of the run: the test database is being dropped with the session's
        # fixtures in this same teardown, and no later test needs the rows.
        return
    from pytest_django.plugin import blocking_manager_key

    from candle.core.tests.migration_rows import migration_rows_restore

    with item.config.stash[blocking_manager_key].unblock():
        migration_rows_restore()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and before they are dropped, any other PostgreSQL session
    still connected to one named on stderr and ended. Dropping a database another session holds
    fails the whole run at its very end ("database … is being accessed by other users", seen
    once with every test passed); the listing (its last statement, state and start) says which
    code left it open, so the leak can be found rather than the run lost."""
    yield
    import sys

    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid, state, backend_start, left(query, 200),"
                    " pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                for pid, state, started, query in (row[:4] for row in cursor.fetchall()):
                    print(
                        f"\nconftest: a session left connected to {connection.settings_dict['NAME']}"
                        f" (pid {pid}, {state}, since {started}): {query!r}; ended",
                        file=sys.stderr,
                    )
