"""Wagtail's view-restriction check on every page view is skipped while the site has no
restriction at all; with one anywhere, Wagtail checks as usual, aliases included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from candle.pages.factories import post_make


@pytest.mark.django_db
def test_no_restriction_anywhere_costs_no_query(site_tree, data_cache_on):
    post = post_make(site_tree["ko"].boards["news"], title="공개 글")
    list(post.get_view_restrictions())  # the restricted paths are read once, then kept
    with CaptureQueriesContext(connection) as queries:
        assert not post.get_view_restrictions()
    assert len(queries) == 0


@pytest.mark.django_db
def test_the_empty_answer_compiles_nothing_and_still_chains(site_tree, data_cache_on, monkeypatch):
    """Wagtail iterates the answer on every page view: it is known empty, so no SQL is even
    compiled (the ORM's ``none()`` compiled a query to find it had nothing to ask); the admin
    chains it (``order_by``, ``exists``), which still works."""
    from django.db.models.sql.compiler import SQLCompiler

    post = post_make(site_tree["ko"].boards["news"], title="공개 글")
    list(post.get_view_restrictions())

    def compiled(*args, **kwargs):
        raise AssertionError("compiled a query")

    with monkeypatch.context() as patched:
        patched.setattr(SQLCompiler, "as_sql", compiled)
        assert list(post.get_view_restrictions()) == []
    restrictions = post.get_view_restrictions()
    assert list(restrictions.order_by("-page__depth")) == []
    assert restrictions.exists() is False and restrictions.count() == 0


@pytest.mark.django_db
def test_a_restriction_anywhere_brings_wagtails_check_back(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    board = site_tree["ko"].boards["news"]
    secret = post_make(board, title="비공개 글")
    public = post_make(board, title="공개 글")
    assert client.get(secret.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(secret.url).status_code == 302  # to the login page
    assert client.get(public.url).status_code == 200
    # An alias of the restricted post is restricted too (Wagtail's own rule).
    alias = secret.create_alias(
        parent=site_tree["ko"].boards["statements"], update_slug="alias-of-secret"
    )
    assert client.get(alias.url).status_code == 302
