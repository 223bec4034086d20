"""RUM's ranking of a query of several words (``rum_statements.ranking_text``) and the plans
its statements are run with (``postgres.custom_plans``): PostgreSQL with the RUM index only."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.services import post_create
from candle.search.selectors import search_base_queryset

from .plain import rum_ranking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "ranked_by"),
    [
        ("('난민')", "('난민')"),  # one word: itself
        ("(('봉사' | '봉사자'))", "(('봉사' | '봉사자'))"),  # an OR of words: itself
        ("((('인권')) & (('국제' | '국제법')))", "'인권' | '국제' | '국제법'"),
        ("(('강제' <-> '송환'))", "'강제' | '송환'"),  # a phrase: its words
        ("(('강제' <-> '송환':*))", "'강제' | '송환':*"),  # a prefix left as a prefix
        ("(('인권') & ('인권' <-> '단체'))", "'인권' | '단체'"),  # each word once
    ],
)
def test_a_query_of_several_words_is_ranked_by_its_words_one_by_one(text, ranked_by):
    from candle.search.backends.rum_statements import ranking_text

    assert ranking_text(text) == ranked_by


@pytest.fixture
def rum(ranking):
    if ranking != "rum":
        pytest.skip("RUM only")
    return ranking


@pytest.fixture
def two_word_posts(site_tree):
    """Posts holding 자전거 and 소식 each a different number of times, in titles of different
    lengths, and posts holding only one of the two, or one in the title and the other in the
    body (no match for both: the search matches the title or the body)."""
    board = site_tree["ko"].boards["news"]
    posts = []
    for number in range(18):
        bikes = " ".join(["자전거"] * (1 + number % 4))
        news = " ".join(["소식"] * (1 + number % 3))
        filler = " ".join(["나눔"] * (number % 5))
        title = "자전거 소식" if number % 4 == 0 else f"모임 {number}"
        posts.append(post_create(board=board, title=title, summary=f"{bikes} {filler} {news}"))
    for number in range(3):
        post_create(board=board, title=f"자전거 {number}", summary="자전거 자전거")
        post_create(board=board, title=f"소식 {number}", summary="소식 소식")
    post_create(board=board, title="자전거 이야기", summary="소식 하나")  # one in each: no match
    return posts


def _results(query: str):
    return search_base_queryset(language_code="ko").search(query)


def _ranked(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "capped_count" in q["sql"]]


def test_two_words_are_ranked_from_the_index_by_their_words_one_by_one(two_word_posts, rum):
    """자전거 소식 matches the posts holding both words, ranked by RUM's rank of 자전거 | 소식:
    the window answers (one statement, no ``OFFSET``: not the full statement), every match
    comes once across the slices, best first, and the count is every match."""
    expected = rum_ranking("'자전거' & '소식'", "'자전거' | '소식'")
    assert {post.pk for post in two_word_posts} == {pk for pk, _distance in expected}
    distance = dict(expected)
    shown = []
    for start in (0, 10):
        with CaptureQueriesContext(connection) as queries:
            pages, total = _results("자전거 소식").page_with_count(start, start + 10)
        assert total == len(expected)
        ranked = _ranked(queries)
        assert len(ranked) == 1 and "OFFSET" not in ranked[0], ranked
        shown += [page.pk for page in pages]
    assert sorted(shown) == sorted(distance)
    assert [distance[pk] for pk in shown] == [d for _pk, d in expected]


def test_from_the_index_the_window_of_two_words_is_best_first(two_word_posts, rum):
    """The window's statement for 자전거 소식 read through the RUM index (other plans ruled
    out, as at the bench's size PostgreSQL chooses it): its rows come best first by the
    scores computed on them, which ``rum_window_rows`` requires before it answers."""
    from django.conf import settings
    from modelsearch.backends import get_search_backend

    from candle.search.backends.rum_statements import rum_window_statement

    results = _results("자전거 소식")
    compiler = results.query_compiler
    statement, values = rum_window_statement(
        compiler, compiler.get_config(get_search_backend()), 40
    )
    assert settings.CANDLE_SEARCH_RUM
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, values)
        plan = cursor.fetchone()[0]
        cursor.execute(statement, values)
        rows = cursor.fetchall()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    (scan,) = [n for n in plan[0]["Plan"]["Plans"] if n.get("Parent Relationship") == "Outer"]
    assert scan.get("Index Name") == "candle_search_entry_rum", scan
    scores = [float(score) for _object_id, score, _count in rows]
    assert len(scores) == len(two_word_posts)
    assert scores == sorted(scores, reverse=True)


def test_a_phrase_is_ranked_by_its_words_from_the_window(refugees_post, rum):
    """강제송환 is the phrase ``'강제' <-> '송환':*``, matched as a phrase and ranked by its
    words one by one, so the window answers it (it had the full statement while it was ranked
    as a phrase, whose rank the index did not keep in order)."""
    with CaptureQueriesContext(connection) as queries:
        pages, total = _results("강제송환").page_with_count(0, 10)
    assert (total, [page.pk for page in pages]) == (1, [refugees_post.pk])
    ranked = _ranked(queries)
    assert len(ranked) == 1 and "OFFSET" not in ranked[0], ranked


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_the_ranking_is_planned_for_each_querys_words(two_word_posts, rum):
    """psycopg prepares a statement once it has run twice on a connection, and PostgreSQL may
    then keep a generic plan made without the values: for two words at the bench, every
    match scored on its row (50-70 ms) instead of the index read in order (10-20 ms). The
    ranking's statements are run unprepared, so each search is planned for its words; other
    statements are still prepared."""
    assert connection.settings_dict["OPTIONS"].get("prepare_threshold") == 2
    queries = ["자전거 소식", "소식 자전거", "자전거 나눔", "나눔 소식", "나눔 자전거", "소식 나눔"]
    for query in queries:
        pages, _total = _results(query).page_with_count(0, 10)
        assert pages
    prepared = _prepared()
    assert not [statement for statement in prepared if "capped_count" in statement], prepared
    assert prepared  # preparing is on: the statements run more than once are prepared
