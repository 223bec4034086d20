"""The SQLite FTS5 backend: analysed text in modelsearch's FTS5 table, ranked by bm25."""

from django.db import connections
from django.db.models import Exists, F, FloatField, Func, OuterRef
from modelsearch.backends.database.sqlite import query as sqlite_query
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import Phrase, PlainText

from .counting import CappedPagesMixin, count_limit, queryset_count_capped
from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    IndexWritesPurgeMixin,
    QueryDialect,
    RankedPagesMixin,
    TitleNormsDeferrableMixin,
    query_expression,
    ranked_rows_cached,
    with_indexer,
)
from .sqlite_window import first_window, window_ranked_rows


class SQLiteObjectIndexer(AnalysingIndexerMixin, sqlite.ObjectIndexer):
    pass


class _AnalysingSQLiteIndex(sqlite.SQLiteIndex):
    add_items = with_indexer(sqlite.SQLiteIndex.add_items, sqlite, SQLiteObjectIndexer)


class KoreanSQLiteIndex(IndexWritesPurgeMixin, TitleNormsDeferrableMixin, _AnalysingSQLiteIndex):
    pass


class _RawFTS5(sqlite_query.LexemeCombinable, sqlite_query.Value):
    """An FTS5 expression we built ourselves (already safe), passed through as one value."""

    _output_field = sqlite_query.SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


def _fts5_phrase(tokens: list[str], prefix: bool) -> str:
    # tokens are word characters only (see analysis), so quoting cannot be broken out of
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


FTS5 = QueryDialect(phrase=_fts5_phrase, and_=" AND ", or_=" OR ", nothing=f'"{NOTHING_TOKEN}"')


class _KoreanSQLiteCompilerMixin:
    PREFIX_LAST_ANY = False

    def _expression(self, query_string: str, operator: str, phrase: bool = False) -> str:
        return query_expression(
            query_string,
            operator,
            dialect=FTS5,
            phrase=phrase,
            prefix_last_any=self.PREFIX_LAST_ANY,
        )

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            expression = self._expression(query.query_string, query.operator)
            return sqlite_query.SearchQueryExpression(_RawFTS5(expression))
        if isinstance(query, Phrase):
            expression = self._expression(query.query_string, "AND", phrase=True)
            return sqlite_query.SearchQueryExpression(_RawFTS5(expression))
        return super().build_search_query_content(query, config=config)


class TitleWeightedBM25(Func):
    """bm25 with the title's weight on the title's hits only: ``bm25(fts, 0, 1, title_norm)``
    (the FTS table's columns are autocomplete, body, title).

    modelsearch scores a match as bm25 of the whole row times (title norm + 1). The title norm
    is the average title's length over this title's, so every hit counted 14 times on a page
    titled 후원 or Give and 5 times on 연락처 or About us, whether or not the title held the word:
    such pages outranked the posts about what was searched. Weighting the title column alone
    is what PostgreSQL's ranking does already (ts_rank of the title times its norm plus ts_rank
    of the body). The weight is the row's own value, read by FTS5 for each match."""

    function = "bm25"
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        weight_sql, weight_params = compiler.compile(self.source_expressions[0])
        table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, 1.0, {weight_sql})", weight_params


# One page of the ranked matches and the count of the allowed matches up to the cap, around
# the matches query (``sql``, Django's own compiled query: every value in it is a parameter)
# and the same matches unscored (``counted``). The ranking scores every allowed match (the
# top ten is exact) and keeps only the best of them (SQLite's top-k sorter for ``ORDER BY ...
# LIMIT``); the count stops at the cap (``counting.count_limit()``, a ``LIMIT`` inside the
# count), so neither sorts nor counts every match. Until 2026-12-06 a window count
# (``COUNT(*) OVER ()``) made SQLite keep and sort every match to count them.
RANKED_WITH_COUNT = (
    'SELECT "index_entry__object_id", "score", '
    '(SELECT COUNT(*) FROM ({counted} LIMIT %s)) AS "capped_count" FROM ({sql}) '
    'ORDER BY "score", "index_entry__object_id" LIMIT %s OFFSET %s'
)


def ranked_statement(compiler, config, start: int, stop: int | None) -> tuple[str, tuple]:
    """``RANKED_WITH_COUNT`` for ``compiler``'s search and its values (bench/search.py times
    this same statement)."""
    inner = compiler.matches(config).order_by().values_list("index_entry__object_id", "score")
    counted = compiler.matches(config, scored=False).order_by().values("index_entry__object_id")
    sql, params = inner.query.sql_with_params()
    counted_sql, counted_params = counted.query.sql_with_params()
    limit = -1 if stop is None else stop - (start or 0)
    statement = RANKED_WITH_COUNT.format(sql=sql, counted=counted_sql)
    return statement, (*counted_params, count_limit(), *params, limit, start or 0)


class KoreanSQLiteSearchQueryCompiler(
    RankedPagesMixin, _KoreanSQLiteCompilerMixin, sqlite.SQLiteSearchQueryCompiler
):
    def _ranks_itself(self) -> bool:
        return self.order_by_relevance and isinstance(self.query, (PlainText, Phrase))

    _content_types_found: list[int] | None = None

    def _content_types(self) -> list[int]:
        """The searched types (the queryset's model and its descendants), found once per
        search; sorted: the same statement for the same search (the kept ranking's key)."""
        if self._content_types_found is None:
            self._content_types_found = sorted(
                sqlite.get_descendants_content_types_pks(self.queryset.model)
            )
        return self._content_types_found

    def matches(self, config, *, scored: bool = True):
        """The FTS index entries matching the query whose pages are in ``self.queryset``,
        each with its bm25 score (unless ``scored`` is False, for a count): one pass."""
        search_query = self.build_search_query(sqlite.normalize(self.query), config=config)
        match_expression = sqlite.MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, search_query
        )
        content_types = self._content_types()
        # The page filter (live, public, language, type ...) as a lookup of each match's page
        # by primary key, not ``object_id IN (the allowed pages)``: for that, SQLite built a
        # temporary index of every allowed page (90,000 at the bench) on every search, which
        # cost more than the full-text match and bm25 together. (``object_id`` is text; SQLite
        # compares it to an integer key as a number, so the key's index serves the lookup.)
        allowed = self.queryset.order_by().filter(pk=OuterRef("index_entry__object_id"))
        matches = (
            sqlite.SQLiteFTSIndexEntry.objects.filter(match_expression)
            .filter(index_entry__content_type__in=content_types)
            .filter(Exists(allowed))
        )
        if not scored:
            return matches
        return matches.annotate(score=TitleWeightedBM25(F("index_entry__title_norm")))

    def search(self, config, start, stop, score_field=None):
        """Ranked by the declared score (``TitleWeightedBM25``) over every allowed match, the
        slice cut by ``search_with_count``'s statement (the results page's and the API's
        search give the same pages in the same order), and only its pages read. modelsearch
        annotated every matching page with a correlated subquery that ran the whole FTS match
        again, so a common word over 10,000 posts took over a minute."""
        if not self._ranks_itself():
            return super().search(config, start, stop, score_field=score_field)
        return self.search_with_count(config, start or 0, stop, score_field)[0]

    def search_with_count(self, config, start, stop, score_field=None, *, listed=False):
        """``search`` and the number of allowed matches up to the cap
        (``counting.count_limit()``): the ranking from the FTS table alone
        (``window_ranked_rows``), or ``RANKED_WITH_COUNT`` where that cannot answer. The
        count is None when the slice is past the end (no row carries it)."""

        def full() -> list:
            statement, values = ranked_statement(self, config, start, stop)
            with connections[self.queryset.db].cursor() as cursor:
                # Django's own compiled queries; every value goes in as a parameter
                cursor.execute(statement, values)
                return cursor.fetchall()

        # the first window's statement (or the full one) and the slice decide the rows: the
        # kept key; the full statement is built only when no window answers
        window = first_window(self, config, start or 0, stop)
        if window is None:
            statement, values = ranked_statement(self, config, start, stop)
            run = full
        else:
            statement, values = window[0], (*window[1], start or 0, stop)

            def run() -> list:
                rows = window_ranked_rows(self, config, start or 0, stop, first=window)
                return full() if rows is None else rows

        rows = ranked_rows_cached(self.queryset.db, statement, values, run)
        total = rows[0][2] if rows else (0 if not start else None)
        pages = self._pages_listed if listed else self._pages
        return pages([row[:2] for row in rows], score_field), total

    def count_capped(self, config) -> int:
        """The allowed matches, counted up to ``counting.count_limit()``."""
        return queryset_count_capped(self.matches(config, scored=False))

    def _page_filter_compiled(self) -> tuple[str, tuple] | None:
        parts = getattr(self, "_window_parts", None)  # made by the window's statement
        return (parts.pages_sql, parts.pages_params) if parts else None


class KoreanSQLiteSearchResults(CappedPagesMixin, sqlite.SQLiteSearchResults):
    ranked_compiler_class = KoreanSQLiteSearchQueryCompiler


class KoreanSQLiteAutocompleteQueryCompiler(
    _KoreanSQLiteCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    PREFIX_LAST_ANY = True


class KoreanSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = KoreanSQLiteSearchQueryCompiler
    results_class = KoreanSQLiteSearchResults
    autocomplete_query_compiler_class = KoreanSQLiteAutocompleteQueryCompiler
    index_class = KoreanSQLiteIndex
