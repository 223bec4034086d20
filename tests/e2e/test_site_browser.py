"""The public site in a real browser: the language switch, walking to a download, paging a
board, and axe-core on the main page types in both languages.

Content is built in each test through candle.pages services (fast), not by the demo loader."""

import pytest

from candle.pages.factories import (
    CandleDocumentFactory,
    CandleImageFactory,
    post_make,
    report_make,
    work_area,
)


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Search indexing is candle.search's to test; here it would only slow page saves down."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**options, "AUTO_UPDATE": False}
        for name, options in settings.WAGTAILSEARCH_BACKENDS.items()
    }


def _problems(violations):
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in violations]


def test_language_switch_on_a_post_lands_on_its_translation(page, live_site, site_tree):
    post_ko = post_make(
        site_tree["ko"].boards["statements"], title="탈북민 강제송환 중단 촉구 성명"
    )
    post_en = post_ko.copy_for_translation(site_tree["en"].home.locale)
    post_en.title = "Statement: stop forced repatriation"
    post_en.save_revision().publish()
    post_en.refresh_from_db()

    page.goto(f"{live_site}{post_ko.url}")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.locator("a.language-switch").click()
    page.wait_for_url(f"{live_site}{post_en.url}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Statement: stop forced repatriation"

    page.locator("a.language-switch").click()
    page.wait_for_url(f"{live_site}{post_ko.url}")
    assert page.locator("h1").inner_text() == "탈북민 강제송환 중단 촉구 성명"


def test_language_switch_without_translation_explains_politely(page, live_site, site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="한국어로만 쓴 소식")
    page.goto(f"{live_site}{post.url}")
    page.locator("a.language-switch").click()
    page.wait_for_url(f"{live_site}/en/?untranslated=1")
    assert "has not been translated yet" in page.get_by_role("status").inner_text()


def test_walk_a_work_area_to_a_post_and_download_its_attachment(page, live_site, site_tree):
    document = CandleDocumentFactory(title="Rescue report 2022")
    with document.file.open("rb") as stored:
        expected = stored.read()
    post_make(
        site_tree["en"].boards["news"],
        title="Families reach safety",
        work_areas=[work_area("rescue")],
        attachments=[(document, "Rescue report 2022")],
    )

    page.goto(f"{live_site}/en/")
    # the work areas are linked from the home page's "Our work" (the header's menu has the
    # sections that fit one row)
    page.get_by_role("region", name="Our work").get_by_role("link", name="Refugee Rescue").click()
    page.wait_for_url(f"{live_site}/en/rescue/")
    page.get_by_role("link", name="Families reach safety").click()
    assert page.locator("h1").inner_text() == "Families reach safety"
    assert "PDF" in page.locator(".attachments .file-meta").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Rescue report 2022").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == expected


def test_paginate_a_board(page, live_site, site_tree, monkeypatch):
    from candle.pages.models import BoardPage

    monkeypatch.setattr(BoardPage, "posts_per_page", 4)
    board = site_tree["ko"].boards["news"]
    for number in range(10):
        post_make(board, title=f"소식 {number:02d}", days_ago=number)

    page.goto(f"{live_site}{board.url}")
    pages = page.get_by_role("navigation", name="페이지")
    assert pages.get_by_role("link").all_inner_texts() == ["1", "2", "3", "다음"]
    assert page.locator(".post-card-title").first.inner_text() == "소식 00"
    pages.get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(f"{live_site}{board.url}?page=2")
    assert page.locator(".post-card-title").all_inner_texts() == [
        "소식 04",
        "소식 05",
        "소식 06",
        "소식 07",
    ]
    assert page.locator('.pagination [aria-current="page"]').inner_text() == "2"
    page.get_by_role("navigation", name="페이지").get_by_role("link", name="다음").click()
    page.wait_for_url(f"{live_site}{board.url}?page=3")
    assert page.locator(".post-card-title").all_inner_texts() == ["소식 08", "소식 09"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_accessibility_violations_on_the_main_page_types(
    page, live_site, site_tree, axe_violations, language
):
    tree = site_tree[language]
    image = CandleImageFactory(description="A lit candle on a wooden table")
    post = post_make(
        tree.boards["news"],
        title="접근성 점검 글" if language == "ko" else "Accessibility check post",
        work_areas=[work_area("education")],
        image=image,
        body=[
            ("paragraph", '<p>Text with <a href="https://nkhr.example/">a link</a>.</p>'),
            (
                "image",
                {"image": image, "alt_text": "A lit candle on a wooden table", "caption": "Candle"},
            ),
            ("quote", {"text": "Freedom is not given.", "attribution": "Jane Example"}),
        ],
        attachments=[(CandleDocumentFactory(), "Attachment")],
    )
    report = report_make(tree.library, slug=f"a11y-{language}", year=2022, topics=("torture",))
    for slug in ("statements", "press", "notices"):  # a card on every board
        post_make(tree.boards[slug], title=f"{slug} {language}", image=image)
    post_make(tree.boards["news"], title=f"older {language}", days_ago=3, image=image)
    urls = {
        "home": tree.home.url,
        "work area": tree.work_areas["education"].url,
        **{f"board {slug}": board.url for slug, board in tree.boards.items()},
        "post": post.url,
        "sitemap": f"/{language}/sitemap/",
        "report library": tree.library.url,
        "report": report.url,
    }
    failures = {}
    for name, url in urls.items():
        page.goto(f"{live_site}{url}")
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        if violations:
            failures[name] = _problems(violations)
    assert failures == {}
