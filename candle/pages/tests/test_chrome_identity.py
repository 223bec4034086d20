"""The hot pages are byte for byte what they were before issue 28's rendering work.

Board page 1, a deep board page, a post with comments and attachments-free body, and the home
page, in both languages, for an anonymous reader and for signed-in staff, rendered from fixed
content (fixed dates, titles and slugs), compared with HTML written by the code before the
change (``golden/chrome/``: made with ``CANDLE_GOLDEN_WRITE=1`` on commit ece9c96, main before
issue 28's template work). Each page is rendered twice in a row, with the data cache off and
on, so what is kept per process or in the data cache shows the same as a fresh render.

Database ids differ between runs and databases, so the one place a page shows one (the
language switch of a page without a translation, ``/language/en/<id>/``) is compared with
the id replaced. A deliberate change to the chrome regenerates the files:
``CANDLE_GOLDEN_WRITE=1 uv run pytest candle/pages/tests/test_chrome_identity.py``, and
the diff is reviewed like any other.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

from candle.pages.factories import category, post_make
from candle.pages.models import PostComment

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "chrome"
WRITE = os.environ.get("CANDLE_GOLDEN_WRITE") == "1"
_IDS = re.compile(rb"/language/(ko|en)/\d+/")


def _when(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2025, 3, 1, hour, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        days=day
    )


def _content(site_tree) -> dict[str, str]:
    ko, en = site_tree["ko"], site_tree["en"]
    un = category("un")
    for n in range(40):
        post_make(
            ko.boards["news"],
            title=f"소식 {n:02d} <b>&</b> \"따옴표\" '작은'",
            slug=f"sosik-{n:02d}",
            date=_when(-n),
            categories=[un] if n % 3 == 0 else [],
            pinned=n == 7,
        )
        post_make(en.boards["news"], title=f"News {n:02d}", slug=f"news-{n:02d}", date=_when(-n))
    post = post_make(
        ko.boards["news"],
        title="댓글이 있는 글",
        slug="comments",
        date=_when(1),
        summary="요약 <i>기울임</i> & 기호",
        body_html='<p>본문 <b>굵게</b> 그리고 <a href="https://example.org/">링크</a></p>',
        categories=[un],
    )
    first = PostComment.objects.create(
        post=post, author_name="가명 하나", body="첫 댓글\n둘째 줄 <b>굵게</b>", created_at=_when(2)
    )
    PostComment.objects.create(
        post=post, parent=first, author_name="가명 둘", body="답", created_at=_when(2, 10)
    )
    PostComment.objects.create(
        post=post, author_name="가명 셋", body="숨김", created_at=_when(2, 11), is_public=False
    )
    en_post = post_make(
        en.boards["news"], title="A post", slug="a-post", date=_when(1), body_html="<p>Text</p>"
    )
    return {
        "ko-board-1": ko.boards["news"].url,
        "ko-board-3": ko.boards["news"].url + "?page=3",
        "ko-post": post.url,
        "ko-home": "/ko/",
        "en-board-1": en.boards["news"].url,
        "en-board-3": en.boards["news"].url + "?page=3",
        "en-post": en_post.url,
        "en-home": "/en/",
    }


def _render(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return _IDS.sub(rb"/language/\1/ID/", response.content)


@pytest.mark.parametrize("reader", ["anonymous", "staff"])
@pytest.mark.parametrize("data_cache", [False, True])
def test_hot_pages_are_what_they_were(client, site_tree, settings, reader, data_cache):
    from candle.caching.store import page_cache

    settings.CANDLE_DATA_CACHE_ENABLED = data_cache
    page_cache().clear()
    if reader == "staff":
        from django.contrib.auth import get_user_model

        client.force_login(
            get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
        )
    pages = _content(site_tree)
    for name, url in pages.items():
        first, second = _render(client, url), _render(client, url)
        assert first == second, name
        golden = GOLDEN / f"{name}-{reader}.html"
        if WRITE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(first)
            continue
        assert first == golden.read_bytes(), name
    page_cache().clear()
    # the pages show what they should: nothing here passes by comparing two empty pages
    board = (GOLDEN / f"ko-board-1-{reader}.html").read_bytes().decode()
    assert "소식 00 &lt;b&gt;&amp;&lt;/b&gt; &quot;따옴표&quot; &#x27;작은&#x27;" in board
    assert 'hreflang="en"' in board and 'class="language-switch"' in board
    post = (GOLDEN / f"ko-post-{reader}.html").read_bytes().decode()
    assert "가명 둘" in post and "숨김" not in post and "<b>굵게</b>" in post
