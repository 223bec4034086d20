"""``get_by_pk`` gives what ``Model.objects.get(pk=…)`` gives, for every page type of the
site tree and for plain models."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from wagtail.models import Page

from candle.core.compiled import get_by_pk


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_every_page_comes_back_as_the_orm_gives_it(site_tree):
    pages = list(Page.objects.all().specific())
    assert len({type(page) for page in pages}) >= 5
    for page in pages:
        model = type(page)
        found = get_by_pk(model, page.pk)
        expected = model.objects.get(pk=page.pk)
        assert type(found) is model
        assert _values(found) == _values(expected)
        assert found._state.adding is False and found._state.db == "default"
        assert found.url == expected.url


@pytest.mark.django_db
def test_the_query_is_compiled_once_and_reused(site_tree):
    home = site_tree["ko"].home
    get_by_pk(type(home), home.pk)
    kept = connections["default"].__dict__["_candle_by_pk"][type(home)]
    assert kept is not None
    get_by_pk(type(home), home.pk)
    assert connections["default"].__dict__["_candle_by_pk"][type(home)] is kept


@pytest.mark.django_db
def test_a_missing_row_raises_does_not_exist_and_dates_are_aware():
    user_model = get_user_model()
    with pytest.raises(user_model.DoesNotExist):
        get_by_pk(user_model, 987654)
    user = user_model.objects.create_user(username="compiled-test", password="x" * 20)
    found = get_by_pk(user_model, user.pk)
    assert found.date_joined == user_model.objects.get(pk=user.pk).date_joined
    assert found.date_joined.tzinfo is not None
