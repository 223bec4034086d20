"""The results page's ranked statement (``page_with_count``): the same order and count as
modelsearch's own ranking, and the statement shape that keeps it fast on a common word."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend

from candle.pages.services import post_create
from candle.search.selectors import search_base_queryset

from .plain import rum_ranking

pytestmark = pytest.mark.django_db

# titles of different lengths (the title norm) and bodies with the word once to four times
# among other words, so no two posts score the same
_WORDS = ["지원", "활동", "소식", "교육", "기록", "상담", "모임", "보고"]


@pytest.fixture
def ranked_posts(site_tree):
    board = site_tree["ko"].boards["news"]
    posts = []
    for number in range(24):
        title_words = _WORDS[: 1 + number % 5]
        title = " ".join(["난민", *title_words] if number % 3 == 0 else title_words) + f" {number}"
        body = " ".join(
            ["북한난민을"] * (1 + number % 4) + _WORDS[: 2 + number % 7] + [f"글{number}"]
        )
        posts.append(post_create(board=board, title=title, summary=body))
    post_create(board=board, title="관계없는 소식", summary="다른 이야기")
    return posts


def _results(query: str = "난민"):
    return search_base_queryset(language_code="ko").search(query)


def _modelsearch_order(results) -> list[int]:
    """The pages in modelsearch's own order (its compiler's ``search``, bypassing ours)."""
    compiler = results.query_compiler
    config = compiler.get_config(get_search_backend())
    if connection.vendor == "postgresql":  # each module can only be imported on its database
        from modelsearch.backends.database.postgres import postgres as pg

        pages = pg.PostgresSearchQueryCompiler.search(compiler, config, None, None)
    else:
        from modelsearch.backends.database.sqlite import sqlite

        pages = sqlite.SQLiteSearchQueryCompiler.search(compiler, config, None, None)
    return [page.pk for page in pages]


def _plain_sqlite_order(results) -> list[int]:
    """SQLite's ranking written plainly: every match of the allowed pages by bm25 with the
    title norm as the title column's weight (autocomplete, body, title), ties by object id."""
    from candle.search.backends.indexing import query_expression
    from candle.search.backends.sqlite import FTS5

    expression = "{title body} : (" + query_expression("난민", "AND", dialect=FTS5) + ")"
    allowed = set(search_base_queryset(language_code="ko").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id FROM wagtailsearch_indexentry_fts f"
            " JOIN wagtailsearch_indexentry e ON f.rowid = e.id"
            " WHERE wagtailsearch_indexentry_fts MATCH %s"
            " ORDER BY bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, e.title_norm), e.object_id",
            [expression],
        )
        return [int(pk) for (pk,) in cursor.fetchall() if int(pk) in allowed]


def _plain_rum_expression() -> str:
    from candle.search.backends.indexing import query_expression
    from candle.search.backends.postgres import TSQUERY

    return query_expression("난민", "AND", dialect=TSQUERY)


def _plain_rum_scores() -> dict[int, float]:
    """PostgreSQL with RUM: each allowed match's distance, ``(title || body) <=> q``."""
    return dict(rum_ranking(_plain_rum_expression()))


def _plain_rum_order(results) -> list[int]:
    """PostgreSQL with RUM, written plainly: every match (title or body) of the allowed pages
    by RUM's rank of ``title || body``, best first, ties by page id, highest first."""
    return [pk for pk, _distance in rum_ranking(_plain_rum_expression())]


def _expected_order(results) -> list[int]:
    if connection.vendor == "postgresql":
        from candle.search.backends.postgres import rum_available

        return _plain_rum_order(results) if rum_available() else _modelsearch_order(results)
    return _plain_sqlite_order(results)


def test_ranked_pages_and_count_are_the_plain_rankings(ranked_posts, ranking):
    """Each slice holds the pages the plain ranking puts there (PostgreSQL: RUM's rank of title
    and body, or without RUM modelsearch's ts_rank of title and body; on SQLite bm25 with the
    title norm weighting the title's hits, written as one plain statement), and the count is
    every match (below the cap)."""
    expected = _expected_order(_results())
    assert {post.pk for post in ranked_posts} <= set(expected)  # (and a page of the site tree)
    shown = []
    for start in range(0, 30, 10):
        pages, total = _results().page_with_count(start, start + 10)
        assert total == len(expected)
        shown += [page.pk for page in pages]
    if ranking == "rum":
        # RUM gives equal scores in the index's order (ties by page id within a slice only):
        # every match once, and the scores best first across the slices
        distances = _plain_rum_scores()
        assert sorted(shown) == sorted(expected)
        assert [distances[pk] for pk in shown] == sorted(distances[pk] for pk in expected)
        return
    assert shown == expected


def test_ties_come_in_the_same_order_on_the_results_page_and_in_a_slice(site_tree, ranking):
    """Equal scores go by primary key (ascending with SQLite's bm25, descending with
    PostgreSQL's ts_rank): the results page (sorted in Python) and a slice of the results
    (sorted by the database) agree."""
    board = site_tree["ko"].boards["news"]
    for _number in range(12):
        post_create(board=board, title="같은 자전거 소식", summary="자전거를 보내는 같은 글")
    listed, total = _results("자전거").page_with_count(0, 10)
    assert total == 12
    pks = [page.pk for page in listed]
    assert pks == [page.pk for page in _results("자전거")[0:10]]
    assert pks == sorted(pks, reverse=connection.vendor == "postgresql")
    assert all(isinstance(page._score, float) for page in listed)


def test_a_slice_past_the_end_is_empty(ranked_posts):
    pages, total = _results().page_with_count(100, 110)
    assert pages == []
    assert total == len(_expected_order(_results()))


def _ranked_statement(results) -> str:
    with CaptureQueriesContext(connection) as queries:
        results.page_with_count(0, 10)
    statements = [q["sql"] for q in queries.captured_queries if '"capped_count"' in q["sql"]]
    assert len(statements) == 1
    return statements[0]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_looks_up_each_matchs_page_by_primary_key(ranked_posts):
    """Not ``object_id IN (every allowed page)``, for which SQLite built a temporary index of
    all the pages the filter allows on every search; and the ranking reads the FTS table
    alone: the only list is the matches whose title holds the word (the entries' title norm),
    the only table besides the FTS table the ranking reads is the entries of those."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + _ranked_statement(_results()))
        plan = [row[-1] for row in cursor.fetchall()]
    lists = [i for i, step in enumerate(plan) if "LIST SUBQUERY" in step]
    assert len(lists) == 1, plan
    assert plan[lists[0] + 1].startswith("SCAN h VIRTUAL TABLE"), plan  # the title matches
    # the page by its key (``U0`` in Django's own subquery, the table in the window's)
    by_key = (
        "SEARCH U0 USING INTEGER PRIMARY KEY",
        "SEARCH wagtailcore_page USING INTEGER PRIMARY KEY",
    )
    assert any(step.startswith(by_key) for step in plan), plan


def _english_refugee_posts(site_tree) -> list:
    """English posts that carry 난민 more often, in shorter texts, than any Korean post: the
    best matches of the FTS table, which the Korean search must not list."""
    board = site_tree["en"].boards["news"]
    return [
        post_create(board=board, title=f"난민 난민 {number}", summary="난민 난민 난민")
        for number in range(6)
    ]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.parametrize(
    ("windows", "windowed", "full"),
    [
        (((2, 40), (40, 2000)), 1, 0),
        (((0, 3), (2, 40)), 2, 0),
        (((0, 2),), 1, 1),
        ((), 0, 1),
    ],
    ids=["default", "narrow-then-wider", "too-narrow", "none"],
)
def test_every_window_gives_the_plain_ranking(
    ranked_posts, site_tree, monkeypatch, windows, windowed, full
):
    """The window of the best matches answers only when it holds the slice exactly: with
    better-scoring matches the reader may not see (English posts) filling a narrow window, a
    wider one or the full statement answers, with the same pages and count."""
    from candle.search.backends import sqlite_window

    hidden = {post.pk for post in _english_refugee_posts(site_tree)}
    monkeypatch.setattr(sqlite_window, "WINDOWS", windows)
    expected = _plain_sqlite_order(_results())
    assert not hidden & set(expected)
    shown = []
    for start in range(0, 30, 10):
        with CaptureQueriesContext(connection) as queries:
            pages, total = _results().page_with_count(start, start + 10)
        assert total == len(expected)
        shown += [page.pk for page in pages]
        ranked = [q["sql"] for q in queries.captured_queries if "capped_count" in q["sql"]]
        # each window tried, then the full statement only when no window answered
        assert sum('"entry"' in sql for sql in ranked) == windowed
        assert sum('"entry"' not in sql for sql in ranked) == full
    assert shown == expected


def test_a_tie_across_the_windows_edge_is_not_cut(site_tree, monkeypatch, ranking):
    """Twelve posts with the same score and a window of ten: the tie goes on past the window,
    so the window does not answer (its last score is cut off) and the full statement gives the
    first ten by page id (SQLite: the object id as text, ascending; RUM: descending)."""
    if ranking == "gin":
        pytest.skip("no window without RUM")
    if ranking == "rum":
        from candle.search.backends import rum_statements

        monkeypatch.setattr(rum_statements, "RUM_WINDOWS", ((1, 0),))
    else:
        from candle.search.backends import sqlite_window

        monkeypatch.setattr(sqlite_window, "WINDOWS", ((1, 0),))
    board = site_tree["ko"].boards["news"]
    posts = [
        post_create(board=board, title="같은 자전거 소식", summary="자전거를 보내는 같은 글")
        for _number in range(12)
    ]
    with CaptureQueriesContext(connection) as queries:
        listed, total = _results("자전거").page_with_count(0, 10)
    assert total == 12
    pks = [post.pk for post in posts]
    expected = sorted(pks, reverse=True) if ranking == "rum" else sorted(pks, key=str)
    assert [page.pk for page in listed] == expected[:10]
    ranked = [q["sql"] for q in queries.captured_queries if "capped_count" in q["sql"]]
    assert len(ranked) == 2  # the window, then the full statement


def test_a_wide_enough_window_answers_alone(site_tree, monkeypatch, ranking):
    """Twelve tied posts and a window of 40: the window holds every match and answers alone,
    in the same order as the full statement."""
    if ranking == "gin":
        pytest.skip("no window without RUM")
    board = site_tree["ko"].boards["news"]
    posts = [
        post_create(board=board, title="같은 자전거 소식", summary="자전거를 보내는 같은 글")
        for _number in range(12)
    ]
    with CaptureQueriesContext(connection) as queries:
        listed, total = _results("자전거").page_with_count(10, 20)
    pks = [post.pk for post in posts]
    expected = sorted(pks, reverse=True) if ranking == "rum" else sorted(pks, key=str)
    assert (total, [page.pk for page in listed]) == (12, expected[10:])
    ranked = [q["sql"] for q in queries.captured_queries if "capped_count" in q["sql"]]
    assert len(ranked) == 1


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_ranks_the_index_entries_before_joining_the_pages(ranked_posts, settings):
    """The index entries are ranked on their own (a fenced subquery): the scan of the entries
    gives only object ids and scores, so every match's tsvectors do not go through the join,
    the count and the sort (the GIN statement; RUM's: next test but one)."""
    from candle.search.backends.postgres import rum_forget

    settings.CANDLE_SEARCH_RUM = False
    rum_forget()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + _ranked_statement(_results()))
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans = [
        node
        for node in _nodes(plan[0]["Plan"])
        if node.get("Relation Name") == "wagtailsearch_indexentry"
    ]
    assert len(scans) == 1, plan
    output = scans[0]["Output"]
    assert any("ts_rank(" in column for column in output), output
    assert not any(column.endswith((".title", ".body")) for column in output), output


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_checks_the_matches_against_a_hashed_set_of_allowed_pages(ranked_posts, ranking):
    """Not a join of the ranked entries with the pages: on tables without statistics (as here,
    and as after an import or a restore until autovacuum analyses them) PostgreSQL planned
    that join as a nested loop that ranked every match again for each allowed page: over four
    minutes a search at 10,000 posts. The set of allowed pages is built once and hashed,
    whatever the estimates; the entries are scanned once."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + _ranked_statement(_results()))
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes = list(_nodes(plan[0]["Plan"]))
    assert not [node for node in nodes if node["Node Type"] == "Nested Loop"], plan
    scans = [n for n in nodes if n.get("Relation Name") == "wagtailsearch_indexentry"]
    if ranking == "rum":
        # RUM reads a window of entries in the index's order and the count stops at the cap:
        # each entry's page is looked up by its key (a subquery per entry), so no search reads
        # the whole page table to hash it
        filters = [node.get("Filter", "") for node in nodes]
        assert not any("hashed SubPlan" in f for f in filters), plan
        assert sum("SubPlan" in f for f in filters) == 2, plan  # the window's, the count's
        assert len(scans) == 2, plan
        return
    assert any("hashed SubPlan" in node.get("Filter", "") for node in nodes), plan
    assert len(scans) == 1, plan


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_with_rum_the_best_come_in_order_from_the_index(ranked_posts, ranking):
    """``ORDER BY (title || body) <=> q LIMIT k`` is an ordered scan of the RUM index (each entry
    scored in the index, checked against the page filter, the scan stopped at the window's
    end), not a sort of every match: equal scores are put in page id order on the window, in
    Python (``rum_window_rows``), not by a second sort key. At a test's size PostgreSQL would
    rather read the table, so other plans are ruled out here to show the statement is one
    the index serves."""
    if ranking != "rum":
        pytest.skip("RUM only")
    statement = _ranked_statement(_results())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    top = plan[0]["Plan"]
    assert top["Node Type"] == "Limit", top
    (scan,) = [n for n in top["Plans"] if n.get("Parent Relationship") == "Outer"]
    assert scan["Node Type"] == "Index Scan", scan
    assert scan["Index Name"] == "candle_search_entry_rum", scan
    assert "<=>" in scan["Order By"], scan


def test_newest_first_is_ordered_by_date_and_counted_capped(ranked_posts):
    """``order=newest``: the pages by first publication, newest first, each once across the
    slices, with the count (capped: a ``LIMIT`` in the counting subquery), two statements
    over the matches per slice (the page, the count)."""
    from wagtail.models import Page

    expected = _modelsearch_order(_results())
    dates = dict(Page.objects.filter(pk__in=expected).values_list("pk", "first_published_at"))
    newest = search_base_queryset(language_code="ko").order_by("-first_published_at")
    shown = []
    for start in range(0, 30, 10):
        with CaptureQueriesContext(connection) as queries:
            pages, total = newest.search("난민", order_by_relevance=False).page_with_count(
                start, start + 10
            )
        matching = [q for q in queries.captured_queries if "wagtailsearch_indexentry" in q["sql"]]
        assert len(matching) == 2, [q["sql"] for q in matching]
        assert any("LIMIT 1001" in q["sql"] for q in matching), matching
        assert total == len(expected)
        shown += [page.pk for page in pages]
    assert sorted(shown) == sorted(expected)
    assert [dates[pk] for pk in shown] == sorted(dates.values(), reverse=True)


def test_a_short_title_does_not_lift_a_page_that_only_mentions_the_word(site_tree):
    """modelsearch's SQLite score multiplied the whole match by the title norm, so a page
    titled 후원 (14 times the average title's weight) that named refugees once in passing
    outranked the posts about them. The title's weight now counts only when the title holds
    the word, on both databases."""
    from candle.pages.services import page_content_update

    board = site_tree["ko"].boards["news"]
    about = post_create(
        board=board,
        title="강제송환 위기의 난민 가족 구호 소식",
        summary="난민 가족이 은신처에 닿았습니다. 난민 구호에 함께해 주세요.",
    )
    for number in range(6):  # titles of ordinary length, so the average is not one word
        post_create(board=board, title=f"정기 활동 보고 모임 안내 {number}", summary="소식")
    contact = site_tree["ko"].standard["contact"]
    page_content_update(
        page=contact, intro="문의는 사무국으로 보내 주세요. 난민 관련 문의도 받습니다."
    )
    pks = [page.pk for page in _results("난민")]
    assert pks.index(about.pk) < pks.index(contact.pk)


def test_the_organisations_name_is_not_a_match_for_the_words_inside_it(db):
    """북한인권시민연합 is one word in the search dictionary (migration 0003): a page that only
    names the organisation is not found for 북한인권, a post about it is the top hit, and the
    name itself still finds the page."""
    from candle.pages.services import page_content_update, site_tree_ensure
    from candle.search.dictionary import user_dictionary_refresh

    user_dictionary_refresh(force=True)  # the seeded words, whatever this process read before
    site_tree = site_tree_ensure()
    board = site_tree["ko"].boards["news"]
    post = post_create(
        board=board,
        title="유엔 총회, 북한인권 결의안 채택",
        summary="올해도 유엔 총회가 북한인권 결의안을 채택했습니다. 책임 규명을 요구합니다.",
    )
    contact = site_tree["ko"].standard["contact"]
    page_content_update(page=contact, intro="북한인권시민연합 사무국으로 연락해 주세요.")
    found = [page.pk for page in _results("북한인권")]
    assert found[0] == post.pk
    assert site_tree["ko"].home.pk not in found  # titled with the name
    assert contact.pk not in found
    assert contact.pk in [page.pk for page in _results("북한인권시민연합")]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("query", ["난민", "난민 지원", "북한난민을 소식", "refugees", "!!"])
def test_the_written_out_matches_are_djangos(ranked_posts, query):
    """The matches every RUM statement counts (``statement_parts``' ``MATCHED_SQL``, written
    out) are the entries of Django's own query for them (``_matched``), with its values."""
    results = _results(query)
    compiler = results.query_compiler
    config = compiler.get_config(get_search_backend())
    parts = compiler.statement_parts(config)
    with connection.cursor() as cursor:
        cursor.execute(parts.matched_sql, parts.matched_params)
        written = sorted(object_id for (object_id,) in cursor.fetchall())
    django_sql, django_params = (
        compiler._matched(config).values("object_id").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(django_sql, django_params)
        expected = sorted(object_id for (object_id,) in cursor.fetchall())
    assert written == expected
    if query == "난민":
        assert len(written) >= 24
