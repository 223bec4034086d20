"""PostgreSQL with RUM: a query's prefix (``'하나':*``) asked as the index's words it covers
(``rum_statements.prefixes_spelt_out``), from the vocabulary the index table's triggers keep
(``rum.py``, migration 0006). The same matches and the same ranking as the prefix itself."""

import pytest
from django.db import connection

from candle.pages.services import post_create
from candle.search.selectors import SearchFilters, results_page, search_pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vocabulary"),
]


@pytest.fixture
def rum(ranking):
    if ranking != "rum":
        pytest.skip("the vocabulary serves RUM's statements")
    from candle.search.backends import rum_statements

    return rum_statements


def _vocabulary() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM candle_search_lexeme")
        return {word for (word,) in cursor.fetchall()}


def _indexed_words() -> set[str]:
    """Every word of every index entry's title and body, read from the entries themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT w FROM wagtailsearch_indexentry e, "
            "unnest(tsvector_to_array(e.title) || tsvector_to_array(e.body)) w"
        )
        return {word for (word,) in cursor.fetchall()}


def _shown(query: str) -> list[int]:
    results = search_pages(query=query, language_code="ko", filters=SearchFilters())
    return [page.pk for page in results_page(results, 1).object_list]


def test_every_indexed_word_is_in_the_vocabulary_as_soon_as_it_is_written(site_tree, rum):
    board = site_tree["ko"].boards["news"]
    post = post_create(board=board, title="하나원 수료식", summary="하나원에서 교육을 마쳤다")
    assert _indexed_words() <= _vocabulary()
    assert "하나원" in _vocabulary()
    # a page saved again with new words (the entry updated, not inserted)
    post.title = "정착지원 프로그램 안내"
    post.save_revision().publish()
    assert {"정착", "프로그램"} <= _vocabulary()
    assert _indexed_words() <= _vocabulary()


def test_a_prefix_is_asked_as_the_words_it_covers_with_the_same_results(site_tree, rum):
    board = site_tree["ko"].boards["news"]
    posts = [
        post_create(board=board, title="하나원 수료식", summary="하나원에서 교육을 마쳤다"),
        post_create(board=board, title="하나 된 마음", summary="하나의 목소리로 모였다"),
        post_create(board=board, title="다른 소식", summary="관계없는 글"),
    ]
    expression = "(('하나':*))"
    spelt = rum.prefixes_spelt_out(expression)
    assert ":*" not in spelt
    assert "'하나원'" in spelt and "'하나'" in spelt
    shown = _shown("하나")
    assert set(shown) == {posts[0].pk, posts[1].pk}
    # the prefix left as it is (no word limit) gives the same pages in the same order
    rum.PREFIX_WORDS_MAX, limit = 0, rum.PREFIX_WORDS_MAX
    try:
        assert rum.prefixes_spelt_out(expression) == expression
        assert _shown("하나") == shown
    finally:
        rum.PREFIX_WORDS_MAX = limit


def test_a_word_indexed_after_a_search_is_found_by_the_prefix_at_once(site_tree, rum):
    board = site_tree["ko"].boards["news"]
    first = post_create(board=board, title="하나 된 마음", summary="하나의 목소리")
    assert _shown("하나") == [first.pk]
    later = post_create(board=board, title="하나원 수료식", summary="하나원에서 교육을 마쳤다")
    assert set(_shown("하나")) == {first.pk, later.pk}


def test_words_and_or_keep_the_title_or_body_check_only_where_it_matters(rum):
    """``title || body`` matches what neither matches alone only for words ANDed, a phrase or a
    negation; a single word or an OR of words goes without the check (a better plan)."""
    assert rum._split_check("('난민')") == ("", ())
    assert rum._split_check("(('난민' | '난민촌'))") == ("", ())
    for text in ("('난민' & '인권')", "('인신' <-> '매매')", "!('난민')"):
        sql, values = rum._split_check(text)
        assert "title" in sql and values == (text, text)


def test_words_split_between_title_and_body_match_as_without_rum(site_tree, rum):
    """The matches are the GIN statement's (the title or the body holds the whole query)."""
    board = site_tree["ko"].boards["news"]
    post_create(board=board, title="하나원 수료식", summary="정착 교육을 마쳤다")
    both = post_create(board=board, title="다른 소식", summary="하나원 정착 이야기")
    assert _shown("하나원 정착") == [both.pk]


def test_a_kept_list_of_words_is_forgotten_with_the_write_that_adds_one(
    site_tree, rum, data_cache_on, django_capture_on_commit_callbacks
):
    """The words a prefix covers are kept like the rankings; the index write that brings a new
    word forgets them (and the rankings) once it commits, so the new page is found."""
    from django.test.utils import CaptureQueriesContext

    board = site_tree["ko"].boards["news"]
    first = post_create(board=board, title="하나 된 마음", summary="하나의 목소리")
    expression = "(('하나':*))"
    assert rum.prefixes_spelt_out(expression) == "((('하나')))"
    with CaptureQueriesContext(connection) as queries:
        assert rum.prefixes_spelt_out(expression) == "((('하나')))"
    assert not queries.captured_queries  # kept
    with django_capture_on_commit_callbacks(execute=True):
        later = post_create(board=board, title="하나원 수료식", summary="하나원에서")
    assert rum.prefixes_spelt_out(expression) == "((('하나' | '하나원')))"
    assert set(_shown("하나")) == {first.pk, later.pk}
