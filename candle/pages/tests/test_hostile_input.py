"""Hostile or broken query strings on every public page: a 200 or a 404, never a 500, and
never echoed back unescaped."""

import pytest

from candle.pages.factories import post_make, report_make

HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999",
    "page=1e9",
    "page=%00",
    "year=1;drop",
    "year=99999999999999999999",
    "year=-2020",
    "category=%3Cscript%3Ealert(1)%3C/script%3E",
    "category=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
    "topic=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
    "language=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
    "q=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
    "page=1%0D%0ASet-Cookie:%20x=1",
    "category=a%0D%0ALocation:%20https://evil.example",
    "category=" + "x" * 5000,
    "page[]=1&page[]=2",
    "untranslated=%3Cscript%3E",
    "%ZZ=%ZZ",
]


@pytest.fixture
def public_paths(site_tree):
    ko, en = site_tree["ko"], site_tree["en"]
    post = post_make(ko.boards["news"], title="테스트 글")
    report = report_make(en.library, slug="any", year=2022)
    return [
        "/ko/",
        "/en/news/",
        "/ko/rescue/",
        "/en/about/",
        "/ko/reports/",
        post.url,
        report.url,
        "/ko/news/feed/rss/",
        "/en/search/",
        "/en/no-such-page/",
        "/sitemap.xml",
    ]


def test_hostile_query_strings_never_break_or_echo(client, public_paths):
    client.raise_request_exception = False
    for path in public_paths:
        for query in HOSTILE_QUERIES:
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 404), (path, query, response.status_code)
            body = response.content.decode("utf-8", "replace")
            assert "<script>alert" not in body, (path, query)
            assert "<svg onload" not in body, (path, query)
            assert "Set-Cookie: x" not in body and "x=1" not in response.cookies, (path, query)
            assert "evil.example" not in response.get("Location", ""), (path, query)


@pytest.mark.parametrize(
    "path", ["/ko/\r\nX-Injected:%20yes", "/en/%0d%0aX-Injected:%20yes/", "/ko/%3Cscript%3E/"]
)
def test_hostile_paths_are_not_found(client, site_tree, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code in (301, 302, 404)
    assert "X-Injected" not in response.headers
    assert "<script>" not in response.content.decode()


def test_switch_view_with_hostile_arguments(client, site_tree):
    client.raise_request_exception = False
    for path in (
        "/language/%3Cscript%3E/1/",
        "/language/en/99999999999999999999999/",
        "/language/en/-1/",
    ):
        response = client.get(path, follow=True)
        assert response.status_code in (200, 404), path
        assert "<script>" not in response.content.decode()
