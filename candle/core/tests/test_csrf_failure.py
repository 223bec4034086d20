"""A form whose CSRF check fails gets the site's own page in the reader's language, telling them
what to do, not Django's bare English "403 Forbidden" (issue 20, item 14)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_korean_readers_are_told_in_korean(strict_client):
    response = strict_client.post("/ko/give/donate/", {"amount": "10000"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="ko">' in body
    assert "양식을 보내지 못했습니다" in body
    assert "새로고침" in body and "쿠키" in body
    assert "css/candle.css" in body  # the site's look
    assert "Forbidden" not in body and "CSRF" not in body
    assert response["Content-Language"] == "ko"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_english_readers_are_told_in_english(strict_client):
    response = strict_client.post("/en/give/donate/", {"amount": "10000"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Your form could not be sent" in body
    assert "Reload that page" in body and "cookies" in body
    assert 'href="/en/"' in body


def test_the_admin_gets_the_page_too(strict_client):
    response = strict_client.post(
        "/admin/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_a_link_back_only_to_this_site(strict_client):
    same = strict_client.post(
        "/ko/give/donate/", {}, HTTP_REFERER="http://testserver/ko/give/", HTTP_HOST="testserver"
    )
    assert 'href="http://testserver/ko/give/"' in same.content.decode()
    other = strict_client.post("/ko/give/donate/", {}, HTTP_REFERER="https://evil.example/x")
    assert "evil.example" not in other.content.decode()
    assert other.status_code == 403
