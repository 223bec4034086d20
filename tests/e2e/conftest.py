"""Browser tests: Playwright driving Debian's chromium (`playwright install` cannot download
here), with axe-core (shipped inside the axe-playwright-python package) for accessibility.

Every test here is marked ``e2e`` automatically. Without /usr/bin/chromium they skip with the
reason; `make test` installs it with apt when it can.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CANDLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
                item.add_marker(
                    pytest.mark.skip(reason=f"Debian's chromium is not installed at {CHROMIUM}")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ko-KR", "accept_downloads": True}


@pytest.fixture
def axe_violations():
    """``axe_violations(page)`` → the list of axe-core violations on the page as it is now,
    with all of axe's rules (not only the WCAG-tagged ones)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page) -> list[dict]:
        # Every rule axe-core runs by default: the WCAG ones and its best practices (heading
        # order, landmarks, regions), which a tag filter would leave out.
        results = axe.run(page)
        return results.response["violations"]

    return run


@pytest.fixture
def _migration_rows(transactional_db):
    """Each live-server test ends with a flush, which also empties the rows migrations made
    (Wagtail's root page and collection, the locales, work areas, categories and topics), so
    the next browser test on the same worker would start without them: put them back."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    ContentType.objects.clear_cache()  # the flush gave the content types new ids
    importlib.import_module("candle.pages.migrations.0002_base_data").forwards(apps, None)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="ko"))
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture
def live_site(_migration_rows, live_server, site_tree):
    """The live server's address, with a Wagtail Site pointing at it."""
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server.url
