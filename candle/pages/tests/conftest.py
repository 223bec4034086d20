"""Fixtures for the public site's tests.

Building both languages' page trees takes seconds, so each test module builds it once inside
a transaction that is rolled back when the module ends; every test then runs in a savepoint
inside it (pytest-django supports tests wrapped in higher-scoped transactions). Search
indexing is switched off here: it is candle.search's to test, and it triples the cost of
every page save.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings


def _backends_without_indexing() -> dict:
    return {
        name: {**options, "AUTO_UPDATE": False}
        for name, options in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture(scope="module")
def _module_site_tree(django_db_setup, django_db_blocker):
    from candle.pages.services import site_tree_ensure

    with (
        django_db_blocker.unblock(),
        override_settings(WAGTAILSEARCH_BACKENDS=_backends_without_indexing()),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            site_tree_ensure()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    settings.WAGTAILSEARCH_BACKENDS = _backends_without_indexing()


@pytest.fixture
def site_tree(_module_site_tree, db):
    """Both languages' trees (built once per module); fresh instances for every test."""
    from candle.pages.services import site_tree_ensure

    return site_tree_ensure()
