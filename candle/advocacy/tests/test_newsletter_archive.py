"""Past issues on the public site, in each language: cacheable, no personal data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from candle.advocacy.models import NewsletterIssue
from candle.advocacy.newsletters.factories import issue_make

pytestmark = pytest.mark.django_db


def _sent(**fields) -> NewsletterIssue:
    return issue_make(
        status=NewsletterIssue.Status.SENT, sending_started_at=timezone.now(), **fields
    )


@pytest.fixture
def issues(site_tree):
    return {
        "both": _sent(),
        "ko_only": _sent(subject_ko="한국어만 (예시)", subject_en="", body_en=""),
        "hidden": _sent(subject_ko="숨긴 호 (예시)", show_in_archive=False),
        "draft": issue_make(subject_ko="초안 (예시)"),
    }


def test_the_korean_archive_lists_sent_issues_written_in_korean(client, issues):
    response = client.get("/ko/newsletters/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "북한인권 소식 (예시)" in html and "한국어만 (예시)" in html
    assert "숨긴 호" not in html and "초안" not in html
    assert '<link rel="canonical" href="http://testserver/ko/newsletters/">' in html
    assert 'hreflang="en" href="http://testserver/en/newsletters/"' in html
    assert 'hreflang="x-default" href="http://testserver/ko/newsletters/"' in html


def test_the_english_archive_lists_only_issues_written_in_english(client, issues):
    html = client.get("/en/newsletters/").content.decode()
    assert "North Korean human rights news (Example)" in html
    assert "한국어만" not in html


def test_an_issue_in_each_language_and_404_for_what_is_not_shown(client, issues):
    both = issues["both"]
    korean = client.get(f"/ko/newsletters/{both.pk}/")
    assert korean.status_code == 200 and "강제송환" in korean.content.decode()
    html = client.get(f"/en/newsletters/{both.pk}/").content.decode()
    assert "forced repatriation" in html
    assert f'hreflang="ko" href="http://testserver/ko/newsletters/{both.pk}/"' in html
    for path in (
        f"/en/newsletters/{issues['ko_only'].pk}/",
        f"/ko/newsletters/{issues['hidden'].pk}/",
        f"/ko/newsletters/{issues['draft'].pk}/",
        "/ko/newsletters/999999/",
        "/ko/newsletters/abc/",
    ):
        assert client.get(path).status_code == 404, path


def test_the_archive_is_kept_by_the_page_cache(client, issues, settings):
    from candle.caching.store import page_cache

    settings.CANDLE_PAGE_CACHE_ENABLED = True
    page_cache().clear()
    try:
        first = client.get("/ko/newsletters/")
        second = client.get("/ko/newsletters/")
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
        assert "public" in second["Cache-Control"]
        assert not first.cookies
    finally:
        page_cache().clear()


def test_the_archive_costs_the_same_queries_for_25_issues(
    client, site_tree, django_assert_max_num_queries
):
    for n in range(25):
        _sent(subject_ko=f"소식 {n}호 (예시)")
    client.get("/ko/newsletters/")  # warm the site's menus
    with django_assert_max_num_queries(12):
        response = client.get("/ko/newsletters/")
    assert response.content.decode().count("/ko/newsletters/") >= 25
