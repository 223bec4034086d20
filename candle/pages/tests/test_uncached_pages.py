"""What made uncached pages faster changes nothing a reader sees.

* On PostgreSQL the statements are sent with server-side parameters and prepared on the
  connection once run twice (``settings/base.py``, ``CANDLE_PG_PREPARED``): the board, a deep
  board page and a post, in both languages, are byte-for-byte the pages the client-side
  binding (Django's default, what ran before) gives, and prepared statements are used.
* A post's comments and their answers are read in one query (``_public_comments``), and give
  what the prefetch they replace gave: public top-level comments of the post, each with its
  public answers, in order; nothing private, nothing of another post.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candle.pages.factories import category, post_make
from candle.pages.models import PostComment, PostPage
from candle.pages.post_detail import _public_comments

pytestmark = pytest.mark.django_db

_PG_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: prepared statements and server-side parameters are psycopg's",
)


def _comment(post, text, *, minutes, parent=None, public=True) -> PostComment:
    return PostComment.objects.create(
        post=post,
        parent=parent,
        author_name=f"가명 {text}",
        body=f"{text}\n둘째 줄 <b>굵게</b>",
        created_at=timezone.now() - datetime.timedelta(minutes=100 - minutes),
        is_public=public,
    )


def _post_with_comments(board, title="댓글이 있는 글"):
    post = post_make(board, title=title, categories=[category("un")])
    first = _comment(post, "첫 댓글", minutes=1)
    _comment(post, "첫 댓글의 답", minutes=2, parent=first)
    _comment(post, "숨긴 답", minutes=3, parent=first, public=False)
    answered = _comment(post, "답의 답이 달린 답", minutes=4, parent=first)
    _comment(post, "답의 답", minutes=5, parent=answered)  # two levels down: never shown
    hidden = _comment(post, "숨긴 댓글", minutes=6, public=False)
    _comment(post, "숨긴 댓글의 답", minutes=7, parent=hidden)
    _comment(post, "둘째 댓글", minutes=8)
    return post


def _shape(comments) -> list:
    return [(c.pk, c.body, [a.pk for a in c.answers.all()]) for c in comments]


def test_comments_in_one_query_are_what_the_prefetch_gave(site_tree):
    from django.db.models import Prefetch

    ko = site_tree["ko"]
    post = _post_with_comments(ko.boards["news"])
    other = _post_with_comments(ko.boards["news"], title="다른 글")
    public = PostComment.objects.filter(is_public=True)
    expected = list(
        post.comments.filter(is_public=True, parent__isnull=True).prefetch_related(
            Prefetch("answers", queryset=public)
        )
    )
    with CaptureQueriesContext(connection) as queries:
        found = _public_comments(PostPage.objects.get(pk=post.pk))
        shape = _shape(found)
    assert len(queries) == 2  # the post itself, then the comments with their answers
    assert shape == _shape(expected)
    assert [len(answers) for _pk, _body, answers in shape] == [2, 0]
    others = {c.pk for c in other.comments.all()}
    shown = {pk for pk, _b, answers in shape for pk in [pk, *answers]}
    assert not shown & others
    assert all(PostComment.objects.get(pk=pk).is_public for pk in shown)


def test_the_post_page_shows_public_comments_and_answers_only(client, site_tree):
    post = _post_with_comments(site_tree["ko"].boards["news"])
    html = client.get(post.url).content.decode()
    for shown in ("첫 댓글", "첫 댓글의 답", "답의 답이 달린 답", "둘째 댓글"):
        assert f"가명 {shown} ·" in html
    for hidden in ("숨긴 답", "답의 답 ", "숨긴 댓글", "숨긴 댓글의 답"):
        assert f"가명 {hidden} ·" not in html
    assert "&lt;b&gt;굵게&lt;/b&gt;" in html and "<b>굵게</b>" not in html


def _pages(site_tree) -> list[str]:
    ko, en = site_tree["ko"], site_tree["en"]
    posts = [_post_with_comments(ko.boards["news"])]
    posts += [post_make(en.boards["news"], title=f"News item {n}", days_ago=n) for n in range(20)]
    posts += [post_make(ko.boards["news"], title=f"소식 {n}", days_ago=n) for n in range(20)]
    return [
        ko.boards["news"].url,
        ko.boards["news"].url + "?page=2",
        en.boards["news"].url,
        en.boards["news"].url + "?page=2",
        posts[0].url,
        posts[1].url,
        posts[-1].url,
    ]


def _render_all(client, urls) -> dict[str, bytes]:
    pages = {}
    for url in urls:
        for _ in range(3):  # past prepare_threshold: the last render runs prepared statements
            response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    return pages


@_PG_ONLY
def test_pages_are_identical_with_server_side_parameters_and_prepared_statements(client, site_tree):
    import psycopg

    urls = _pages(site_tree)
    raw = connection.connection
    assert connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    assert raw.cursor_factory is not psycopg.ClientCursor
    prepared = _render_all(client, urls)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] > 0
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = psycopg.ClientCursor, None  # as before
    try:
        before = _render_all(client, urls)
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold
    for url in urls:
        assert prepared[url] == before[url], url
    assert b"News item 0" in before[urls[2]] and "소식 0".encode() in before[urls[0]]
