"""An attempt limit on the passwords of protected pages (issue 20, item 16)."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

PASSWORD = "the-page-password"  # noqa: S105 - a test page's password
ALICE = "203.0.113.9"
BOB = "198.51.100.7"


@pytest.fixture
def protected(site_tree, settings):
    settings.CANDLE_PAGE_PASSWORD_ATTEMPTS = 3
    cache.clear()
    pages = list(site_tree["ko"].standard.values())[:2]
    restrictions = [
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
        for page in pages
    ]
    yield list(zip(pages, restrictions, strict=True))
    cache.clear()


def _try(client, page, restriction, password, *, address=ALICE, language="ko"):
    return client.post(
        f"/{language}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": page.url},
        REMOTE_ADDR=address,
    )


def test_the_attempt_after_the_limit_is_refused_even_with_the_right_password(client, protected):
    page, restriction = protected[0]
    for _ in range(3):
        assert _try(client, page, restriction, "wrong").status_code == 200  # the form again
    refused = _try(client, page, restriction, PASSWORD)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "비밀번호를 너무 여러 번 잘못 입력했습니다" in body
    assert '<html lang="ko">' in body
    assert int(refused["Retry-After"]) > 0
    passed = client.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    assert restriction.pk not in passed  # the right password was not even checked


def test_the_refusal_is_in_english_for_english_readers(client, protected):
    page, restriction = protected[0]
    for _ in range(3):
        _try(client, page, restriction, "wrong", language="en")
    refused = _try(client, page, restriction, PASSWORD, language="en")
    assert refused.status_code == 429
    assert "Too many wrong passwords" in refused.content.decode()


def test_another_address_and_another_restriction_are_unaffected(client, protected):
    (page, restriction), (other_page, other_restriction) = protected
    for _ in range(4):
        _try(client, page, restriction, "wrong")
    assert _try(client, page, restriction, PASSWORD).status_code == 429
    assert _try(client, other_page, other_restriction, PASSWORD).status_code == 302
    assert _try(client, page, restriction, PASSWORD, address=BOB).status_code == 302


def test_the_right_password_within_the_limit_passes_and_clears_the_count(client, protected):
    page, restriction = protected[0]
    for _ in range(2):
        _try(client, page, restriction, "wrong")
    passed = _try(client, page, restriction, PASSWORD)
    assert passed.status_code == 302
    for _ in range(3):
        assert _try(client, page, restriction, "wrong").status_code == 200


def test_the_address_behind_nginx_is_the_client(client, protected):
    page, restriction = protected[0]
    for _ in range(4):
        client.post(
            f"/ko/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
            {"password": "wrong", "return_url": page.url},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=ALICE,
        )
    behind_nginx = client.post(
        f"/ko/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": PASSWORD, "return_url": page.url},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=BOB,
    )
    assert behind_nginx.status_code == 302


def test_document_collection_passwords_are_limited_too(client, settings):
    from wagtail.models import Collection, CollectionViewRestriction

    settings.CANDLE_PAGE_PASSWORD_ATTEMPTS = 2
    cache.clear()
    collection = Collection.get_first_root_node().add_child(name="Private papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(2):
        assert client.post(url, {"password": "wrong", "return_url": "/"}).status_code == 200
    assert client.post(url, {"password": PASSWORD, "return_url": "/"}).status_code == 429
    cache.clear()
