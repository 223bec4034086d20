"""GnuBoard's short addresses (/news/4) of a board the importer brought over: an imported post
answers 301 to its Candle page; a post number that was never imported answers one 404 in the
reader's language, not a redirect to /ko/news/4/ that then fails."""

import pytest

from candle.importers.models import LegacyBoard, LegacyPost
from candle.pages.services import post_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site_tree):
    board = site_tree["ko"].boards["news"]
    LegacyBoard.objects.create(bo_table="news", subject="소식", board=board, language="ko")
    post = post_create(board=board, title="옮겨 온 글")
    LegacyPost.objects.create(bo_table="news", wr_id=4, post=post, fingerprint="x")
    return board, post


def test_an_imported_posts_short_address_moves_permanently(client, news):
    _board, post = news
    response = client.get("/news/4")
    assert response.status_code == 301
    assert response["Location"] == post.url


@pytest.mark.parametrize(
    "address", ["/news/9999", "/news/9999/", "/news/no-such-title/", "/rss/nope", "/nope"]
)
@pytest.mark.parametrize(
    ("language", "heading"), [("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")]
)
def test_a_post_never_imported_is_one_404_in_the_readers_language(
    client, news, address, language, heading
):
    response = client.get(address, headers={"accept-language": language})
    assert response.status_code == 404
    assert "Location" not in response
    assert response["Content-Language"] == language
    assert heading in response.content.decode()


def test_a_candle_post_without_its_language_prefix_still_finds_it(client, news):
    board, _post = news
    post = post_create(board=board, title="새 글", slug="new-post")
    response = client.get("/news/new-post/", headers={"accept-language": "ko"})
    assert response.status_code == 302
    assert response["Location"] == post.url == "/ko/news/new-post/"
    assert client.get("/news/new-post", headers={"accept-language": "ko"}).status_code == 302
