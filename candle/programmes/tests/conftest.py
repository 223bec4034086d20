import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def homes(db):
    """The two home pages and an event index under each (the full site tree is not needed)."""
    from wagtail.models import Locale, Page, Site

    from candle.pages.models import HomePage
    from candle.programmes.models import EventIndexPage

    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    if root is None:  # an earlier transactional test's flush emptied what the migrations made
        from candle.core.tests.migration_rows import migration_rows_restore

        migration_rows_restore()
        root = Page.get_first_root_node()
    home = HomePage(title="북한인권시민연합", slug="home-ko", locale=ko, mission="시험용")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    home_en = home.copy_for_translation(en, copy_parents=False, alias=False)
    home_en.title = "Candle"
    home_en.save_revision().publish()
    index = EventIndexPage(title="행사", slug="events")
    home.add_child(instance=index)
    index.save_revision().publish()
    index_en = index.copy_for_translation(en, copy_parents=False, alias=False)
    index_en.title = "Events"
    index_en.save_revision().publish()
    return {"ko": home, "en": home_en, "index": index, "index_en": index_en}


def event_make(index, *, capacity=2, days=10, questions=None, **extra):
    from candle.programmes.models import EventPage

    start = timezone.now() + dt.timedelta(days=days)
    page = EventPage(
        title=extra.pop("title", "북한인권 영화 상영회 (예시)"),
        slug=extra.pop("slug", f"screening-{days}-{capacity}"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue="예시 강당",
        address="서울특별시 예시구 예시로 1",
        map_url="https://map.example/1",
        capacity=capacity,
        questions=questions or [],
        **extra,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


QUESTIONS = [
    {
        "type": "question",
        "value": {"label": "소속", "kind": "text", "choices": "", "required": True},
        "id": "11111111-1111-1111-1111-111111111111",
    },
    {
        "type": "question",
        "value": {"label": "식사", "kind": "choice", "choices": "일반\n채식", "required": False},
        "id": "22222222-2222-2222-2222-222222222222",
    },
]


@pytest.fixture
def event(homes):
    return event_make(homes["index"], capacity=2, questions=QUESTIONS)


@pytest.fixture
def event_en(event):
    from wagtail.models import Locale

    page = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    page.title = "Film screening (example)"
    page.save_revision().publish()
    return page


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(fn, **kw)``: call a service and run what it left for after the commit (the
    test's transaction never commits), as a real request would."""

    def call(fn, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return call


@pytest.fixture(autouse=True)
def _rate_limits_fresh():
    """Rate-limit counts live in the (local-memory) cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
