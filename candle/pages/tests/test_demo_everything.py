"""`make demo` loads every app's demo together; each app's own demo test loads only its own.

On 2026-12-06 a fresh `make demo` stopped with a slug clash (the youth programme index and the
youth work area both wanted /ko/youth/) that no test met, because no test loaded the site and
the other apps' demos into one database. This one does, twice, as a new machine would."""

import gc
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page

from candle.pages import demo

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    """Rows of every model of Candle's own apps (what a second load must leave alone)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("candle.") and not model._meta.proxy
    }


@pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning"
)
def test_every_demo_loads_together_twice_and_every_page_answers(client, settings):
    settings.CANDLE_BASE_URL = "http://127.0.0.1:8000"
    assert len(demo.OTHER_APPS) >= 6, "the loader's list of apps (make demo's) is what is tested"

    out = StringIO()
    call_command("load_demo_content", stdout=out)
    printed = out.getvalue()
    for app in ("supporters", "giving", "casework", "programmes", "advocacy"):
        assert app in printed.lower(), f"the {app} demo said nothing: was it loaded?"

    pages = list(Page.objects.live().filter(depth__gt=1).specific())
    paths = [page.url_path for page in pages]
    assert len(paths) == len(set(paths))
    failures = [
        (page.url, status)
        for page in pages
        if (status := client.get(page.url, HTTP_HOST="127.0.0.1").status_code) != 200
    ]
    assert failures == []
    for language in ("ko", "en"):
        assert client.get(f"/{language}/").status_code == 200
        assert {p.locale.language_code for p in pages} == {"ko", "en"}

    before = _counts()
    call_command("load_demo_content", stdout=StringIO())
    assert _counts() == before, "a second load must create nothing"
    gc.collect()
