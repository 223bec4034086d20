"""Tests do not depend on the order they run in: a transactional test's flush empties every
table, and the rows the migrations made come back before the next test (root ``conftest.py``,
``candle.core.tests.migration_rows``). The tests of this file run in the order written
(pytest-django keeps file order among transactional tests), on one worker: each later test
would have found an empty root page, no locales or no casework vocabularies without it."""

from __future__ import annotations

import pytest
from django.test import TransactionTestCase


def migration_rows() -> dict[str, object]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page, Site

    from candle.casework.models import ViolationType
    from candle.pages.models import WorkArea
    from candle.search.models import UserWord

    return {
        "root": list(Page.objects.filter(depth=1).values_list("id", "title")),
        "site": list(Site.objects.filter(is_default_site=True).values_list("id", "root_page_id")),
        "collection": Collection.objects.count(),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "work_areas": sorted(WorkArea.objects.values_list("slug", flat=True)),
        "violation_types": ViolationType.objects.count(),
        "user_words": UserWord.objects.count(),
        "page_type": ContentType.objects.get_for_model(Page).id,
        "permissions": Permission.objects.count(),
    }


FIRST: dict[str, object] = {}


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_what_the_migrations_made_and_leaves_a_flush():
    from wagtail.models import Page

    FIRST.update(migration_rows())
    assert FIRST["root"] and FIRST["site"] and FIRST["collection"]
    assert FIRST["locales"] == ["en", "ko"]
    assert FIRST["violation_types"] and FIRST["user_words"] and FIRST["work_areas"]
    Page.objects.filter(depth=1).update(title="Changed by a transactional test")


class TestATransactionTestCaseAfterTheFlush(TransactionTestCase):
    """A plain Django class (not pytest-django's fixture) finds the rows and flushes too."""

    def test_the_rows_are_back_and_unchanged(self):
        if not FIRST:
            self.skipTest("runs after the test above (this file alone, in order)")
        self.assertEqual(migration_rows(), FIRST)


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_finds_every_row_again():
    if not FIRST:
        pytest.skip("runs after the tests above (this file alone, in order)")
    assert migration_rows() == FIRST


def test_a_test_reading_the_database_without_a_marker_comes_last_and_finds_them(
    django_db_setup, django_db_blocker
):
    """pytest-django runs tests without a database marker after the transactional ones; a
    module-scoped fixture that unblocks the database (as the pages tests' site tree does) then
    reads whatever the last flush left."""
    if not FIRST:
        pytest.skip("runs after the tests above (this file alone, in order)")
    with django_db_blocker.unblock():
        assert migration_rows() == FIRST
