"""The header in a real browser: one row on a desktop, a menu button on a phone (a disclosure
that opens, closes with Escape, and leaves a plain list when scripts are off), the donate
button always in sight."""

import pytest

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**options, "AUTO_UPDATE": False}
        for name, options in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture
def give_pages(site_tree):
    from candle.giving.models import GivePage

    pages = {}
    for language, title in (("ko", "후원하기"), ("en", "Give")):
        page = GivePage(title=title, slug="give", currency="KRW")
        site_tree[language].home.add_child(instance=page)
        page.save_revision().publish()
        pages[language] = page
    return pages


def _tops(page, selector: str) -> set[int]:
    return {round(box["y"]) for box in (e.bounding_box() for e in page.locator(selector).all())}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_desktop_header_is_one_row(page, live_site, site_tree, give_pages, language):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_site}/{language}/")
    assert page.locator(".menu-toggle").is_hidden()
    assert len(_tops(page, ".site-nav li")) == 1  # the menu items in one line
    header = page.locator(".site-header").bounding_box()
    donate = page.locator(".donate-button").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert donate["y"] < nav["y"] + nav["height"]  # beside the menu, not under it
    assert header["height"] < 90
    donate_text = {"ko": "후원하기", "en": "Donate"}[language]
    assert page.locator(".donate-button").inner_text() == donate_text


@pytest.mark.parametrize("language", ["ko", "en"])
def test_phone_menu_button_opens_and_closes_the_menu(
    page, live_site, site_tree, give_pages, language
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_site}/{language}/")
    button = page.locator(".menu-toggle")
    assert button.is_visible()
    assert page.locator(".donate-button").is_visible()
    toggle_box, donate_box = button.bounding_box(), page.locator(".donate-button").bounding_box()
    assert abs(toggle_box["y"] - donate_box["y"]) < 10  # the same row as the donate button
    assert page.locator(".site-nav").is_hidden()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".site-nav").is_visible()
    assert page.locator("#site-search").is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_phone_without_scripts_shows_the_menu_as_a_list(browser, live_site, site_tree):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="ko-KR")
    try:
        page = context.new_page()
        page.goto(f"{live_site}/ko/")
        assert page.locator(".menu-toggle").is_hidden()
        assert page.locator(".site-nav").is_visible()
        assert page.get_by_role("link", name="보도자료").first.is_visible()
    finally:
        context.close()


def test_copy_link_copies_the_posts_address(page, live_site, site_tree):
    from candle.pages.factories import post_make

    post = post_make(site_tree["ko"].boards["news"], title="복사할 글")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_site}{post.url}")
    page.get_by_role("button", name="링크 복사").click()
    page.locator(".share-status").filter(has_text="링크를 복사했습니다.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(post.url)
