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


@pytest.mark.django_db
def test_rows_compiled_gives_the_orms_rows_and_compiles_once():
    from candle.core.compiled import rows_compiled

    user_model = get_user_model()
    users = [
        user_model.objects.create_user(username=f"rows-{n}", password="x" * 20, is_staff=n % 2)
        for n in range(5)
    ]

    def build(low, high):
        return user_model.objects.filter(pk__gte=low, pk__lte=high, is_staff=False).order_by("-pk")

    low, high = users[1].pk, users[4].pk
    found = rows_compiled("test-users", build, low, high)
    expected = list(build(low, high))
    assert [u.pk for u in found] == [u.pk for u in expected] == [users[4].pk, users[2].pk]
    assert [_values(u) for u in found] == [_values(u) for u in expected]
    assert all(u._state.adding is False and u.date_joined.tzinfo for u in found)
    kept = connections["default"].__dict__["_candle_rows"]["test-users"]
    assert kept is not None
    # other values reuse the statement: the stand-ins are never what is asked
    assert [u.pk for u in rows_compiled("test-users", build, users[0].pk, users[0].pk)] == [
        users[0].pk
    ]
    assert connections["default"].__dict__["_candle_rows"]["test-users"] is kept
    assert rows_compiled("test-users", build, high + 1, high + 9) == []


@pytest.mark.django_db
def test_rows_compiled_leaves_other_shapes_to_the_orm():
    from candle.core.compiled import rows_compiled

    user = get_user_model().objects.create_user(username="rows-x", password="x" * 20)

    def build(pk):
        return get_user_model().objects.filter(pk=pk).values_list("username", flat=True)

    assert rows_compiled("test-values", build, user.pk) == ["rows-x"]
    assert connections["default"].__dict__["_candle_rows"]["test-values"] is None


def test_only_classes_whose_init_does_nothing_for_a_row_skip_their_init():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Task

    from candle.core.compiled import _plain_init
    from candle.pages.models import BoardPage, PostPage

    assert _plain_init(PostPage) and _plain_init(BoardPage) and _plain_init(Page)
    assert _plain_init(ContentType)
    assert "__init__" in Task.__dict__  # an __init__ of its own: built as the ORM builds it
    assert not _plain_init(Task)


@pytest.mark.django_db
def test_a_task_with_its_own_init_comes_back_as_the_orm_gives_it():
    from wagtail.models import Task

    task = Task.objects.create(name="검토")
    found = get_by_pk(Task, task.pk)
    assert _values(found) == _values(Task.objects.get(pk=task.pk))


@pytest.mark.django_db
def test_values_compiled_gives_the_orms_rows_and_reuses_its_statement():
    from candle.core.compiled import values_compiled

    user_model = get_user_model()
    users = [
        user_model.objects.create_user(username=f"values-{n}", password="x" * 20) for n in range(4)
    ]

    def build(keys):
        return user_model.objects.filter(pk__in=keys).order_by().values_list("pk", "date_joined")

    keys = [users[2].pk, users[0].pk]
    found = sorted(values_compiled("test-values-list", build, keys))
    assert found == sorted(build(keys)) and len(found) == 2
    assert all(joined.tzinfo for _pk, joined in found)  # the ORM's converters ran
    kept = connections["default"].__dict__["_candle_values"][("test-values-list", 2)]
    assert kept is not None
    # other keys of the same number reuse the statement; the stand-ins are never what is asked
    other = [users[1].pk, users[3].pk]
    assert sorted(pk for pk, _ in values_compiled("test-values-list", build, other)) == other
    assert connections["default"].__dict__["_candle_values"][("test-values-list", 2)] is kept
    assert values_compiled("test-values-list", build, [users[3].pk + 1, users[3].pk + 2]) == []
    # more keys than stand-ins, or another shape: the ORM, each time
    many = [user.pk for user in users] + list(range(10**6, 10**6 + 70))
    assert sorted(pk for pk, _ in values_compiled("test-values-list", build, many)) == [
        user.pk for user in users
    ]
    assert connections["default"].__dict__["_candle_values"][("test-values-list", 74)] is None

    def flat(keys):
        return user_model.objects.filter(pk__in=keys).values_list("username", flat=True)

    assert values_compiled("test-values-flat", flat, [users[0].pk]) == ["values-0"]
    assert connections["default"].__dict__["_candle_values"][("test-values-flat", 1)] is None
