"""Paths outside /ko/ and /en/.

`/` and paths that exist under a language prefix redirect there (by Accept-Language); the root
routes answer as they are. A path that is nowhere gets the 404 page at once
(candle.core.middleware.CandleLocaleMiddleware), not a redirect to /ko/<path> first."""

import pytest


@pytest.mark.parametrize(
    ("accept", "language"), [("ko-KR,ko;q=0.9", "ko"), ("en-GB,en;q=0.9", "en"), ("", "ko")]
)
def test_root_redirects_by_the_browsers_language(client, site_tree, accept, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/about/", "/about", "/news/", "/search/"])
def test_a_path_that_exists_under_the_language_redirects_there(client, site_tree, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    target = response["Location"]
    assert target.startswith("/en/") and target.rstrip("/").endswith(path.rstrip("/"))
    assert client.get(target).status_code == 200


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml"])
def test_root_routes_answer_without_a_prefix(client, site_tree, path):
    assert client.get(path).status_code == 200


def test_a_path_that_is_nowhere_ends_in_the_404_page_in_the_preferred_language(client, site_tree):
    response = client.get("/nothing-here/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 404
    assert response.content.decode().startswith("<!DOCTYPE html>") or b"<html" in response.content
    assert b'lang="en"' in response.content


def test_a_path_that_is_nowhere_gets_the_404_page_directly(client, site_tree):
    response = client.get("/nothing-here/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert b'lang="en"' in response.content
    assert "Location" not in response


def test_a_deeper_path_under_an_existing_section_still_redirects(client, site_tree):
    response = client.get("/news/no-such-post/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 302
    assert response["Location"] == "/ko/news/no-such-post/"
    assert client.get(response["Location"]).status_code == 404
