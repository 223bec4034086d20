"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

from django.db import connections
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Phrase, PlainText

from .counting import CappedPagesMixin, count_limit, queryset_count_capped
from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    IndexWritesPurgeMixin,
    QueryDialect,
    RankedPagesMixin,
    query_expression,
    ranked_rows_cached,
    with_indexer,
)


class PostgresObjectIndexer(AnalysingIndexerMixin, pg.ObjectIndexer):
    # modelsearch also stores the title and body as text (title_text, body_text) for its Fuzzy
    # (trigram) query, which nothing here asks for (and ours would be analysed tokens, not the
    # text). Kept empty, the index entries are a third smaller (at the bench, 230 -> 160 MB with
    # their TOAST), and ranking a common word, which reads every matching entry, 20-25 % faster.
    title_text = ""
    body_text = ""


class _AnalysingPostgresIndex(pg.PostgresIndex):
    add_items = with_indexer(pg.PostgresIndex.add_items, pg, PostgresObjectIndexer)


class KoreanPostgresIndex(IndexWritesPurgeMixin, _AnalysingPostgresIndex):
    pass


def _tsquery_phrase(tokens: list[str], prefix: bool) -> str:
    parts = [f"'{token}'" for token in tokens]
    if prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


TSQUERY = QueryDialect(phrase=_tsquery_phrase, and_=" & ", or_=" | ", nothing=f"'{NOTHING_TOKEN}'")


class _KoreanPostgresCompilerMixin:
    PREFIX_LAST_ANY = False

    def _expression(self, query_string: str, operator: str, phrase: bool = False) -> str:
        return query_expression(
            query_string,
            operator,
            dialect=TSQUERY,
            phrase=phrase,
            prefix_last_any=self.PREFIX_LAST_ANY,
        )

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            operator = getattr(query, "operator", "and")
            expression = self._expression(
                query.query_string, operator, phrase=isinstance(query, Phrase)
            )
            if invert:
                expression = f"!{expression}"
            return pg.SearchQuery(expression, search_type="raw", config="simple")
        return super().build_tsquery_content(query, config=config, invert=invert)


# The declared scoring functions on PostgreSQL (docs/subsystems/search.md, "Ranking"):
# - with RUM: RUM's rank of the entry's title and body as one tsvector (``title || body``,
#   the title's lexemes weighted A, the body's C, as modelsearch writes them), the inverse of
#   ``rum_ts_distance`` (``<=>``). The RUM index (migration 0004) is built on that expression,
#   stores each lexeme's positions and returns the matches best first from the index, scored
#   without reading their rows (``ORDER BY vector <=> query LIMIT k``);
# - without RUM (GIN only): modelsearch's ts_rank of the title times its norm plus ts_rank of
#   the body, over every allowed match. RUM's rank is not ts_rank (up to 2x apart on the same
#   entry), so the two can order close matches differently; each is exact for its function.
RUM_VECTOR = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
RUM_INDEX = "candle_search_entry_rum"
TSQUERY_SQL = "to_tsquery('simple'::regconfig, %s)"

# One page of the ranked matches and the count of the allowed matches up to the cap. ``{entries}``
# are the matching index entries (``title @@ q OR body @@ q``, each column's GIN index) with
# their score; ``{matched}`` the same without it; ``{pages}`` the page filter (live, public,
# language, type ...) giving each allowed page's primary key, checked as a hashed set
# (``(id IN (pages)) IS TRUE`` keeps PostgreSQL from turning it into a join, which without
# statistics it planned as a nested loop ranking every match again per page: four minutes at
# 10,000 posts). All three are Django's compiled queries: every value is a parameter. The count
# stops at ``counting.count_limit()`` allowed matches.
COUNTED = (
    'SELECT COUNT(*) FROM (SELECT 1 FROM ({matched}) m WHERE (CAST(m."object_id" AS integer) '
    'IN (SELECT p."_candle_pk" FROM ({pages}) p)) IS TRUE LIMIT %s) c'
)
# Without RUM (GIN only): every allowed match is scored with the same function, in a fenced
# subquery (OFFSET 0) that gives only object id and score, then checked against the page
# filter; the count reads the first ``counting.count_limit()`` of those same rows (the CTE is
# computed once for both), so it costs no second scan, then the best are kept.
RANKED_WITH_COUNT = (
    'WITH r AS (SELECT r."object_id", r."score" FROM ({entries} OFFSET 0) r '
    'WHERE (CAST(r."object_id" AS integer) IN (SELECT p."_candle_pk" FROM ({pages}) p)) IS TRUE) '
    'SELECT r."object_id", r."score", '
    '(SELECT COUNT(*) FROM (SELECT 1 FROM r LIMIT %s) c) AS "capped_count" FROM r '
    'ORDER BY r."score" DESC, CAST(r."object_id" AS integer) DESC LIMIT %s OFFSET %s'
)
# With RUM: the same matches (``title @@ q OR body @@ q``, checked on each entry the index
# gives; ``title || body`` alone would also match a query whose words are split between the
# title and the body), the declared score and the page filter, ordered by the index (``<=>``, smaller is
# better); PostgreSQL checks each entry the index gives against the page filter and stops at
# the slice's end, so a common word's ten best cost about ten checks, not a score per match.
# Equal scores come in the index's order (a second sort key would make PostgreSQL sort every
# match instead of reading the index in order); the pages keep the statement's order
# (``_pages``), which is the same for every slice size, so the page and the API agree.
RUM_RANKED_WITH_COUNT = (
    'SELECT "wagtailsearch_indexentry"."object_id", 1.0 / ({vector} <=> {tsquery}), ({counted}) AS "capped_count" '
    'FROM "wagtailsearch_indexentry" '
    'WHERE "wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    "AND {vector} @@ {tsquery} "
    'AND ("wagtailsearch_indexentry"."title" @@ {tsquery} '
    'OR "wagtailsearch_indexentry"."body" @@ {tsquery}) '
    'AND (CAST("wagtailsearch_indexentry"."object_id" AS integer) '
    'IN (SELECT p."_candle_pk" FROM ({pages}) p)) IS TRUE '
    "ORDER BY {vector} <=> {tsquery}, "
    'CAST("wagtailsearch_indexentry"."object_id" AS integer) DESC LIMIT %s OFFSET %s'
)

# With RUM, a window of the best allowed matches, read in the index's order and stopped after
# ``window + 1`` of them (no second sort key, which would make PostgreSQL sort every match):
# each entry the index gives is checked against the page filter by its page's primary key (a
# subquery per entry, ``ALLOWED_ENTRY``), not against a hashed set of every allowed page,
# whose building read the whole page table on every search. ``rum_window_rows`` sorts the
# window's equal scores by page id and cuts a tie that may go on past its edge.
ALLOWED_ENTRY = (
    '(SELECT 1 FROM ({pages}) p WHERE p."_candle_pk" = CAST({entry}."object_id" AS integer) '
    "LIMIT 1) IS NOT NULL"
)
# The count of the allowed matches up to the cap, each checked the same way (a window never
# reads more than the cap's worth of pages).
COUNTED_BY_ENTRY = "SELECT COUNT(*) FROM (SELECT 1 FROM ({matched}) m WHERE {allowed} LIMIT %s) c"
RUM_WINDOW = (
    'SELECT "wagtailsearch_indexentry"."object_id", 1.0 / ({vector} <=> {tsquery}), '
    '({counted}) AS "capped_count" FROM "wagtailsearch_indexentry" '
    'WHERE "wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    "AND {vector} @@ {tsquery} "
    'AND ("wagtailsearch_indexentry"."title" @@ {tsquery} '
    'OR "wagtailsearch_indexentry"."body" @@ {tsquery}) '
    "AND {allowed} ORDER BY {vector} <=> {tsquery} LIMIT %s"
)
# the windows tried (``factor * slice end + extra`` allowed matches), then ``RUM_RANKED_WITH_COUNT``
RUM_WINDOWS = ((2, 40), (20, 400))

_rum_found: dict[tuple, bool] = {}


def rum_available(alias: str = "default") -> bool:
    """Whether the RUM index is there (``CREATE EXTENSION rum`` worked and migration 0004 built
    it) and ``CANDLE_SEARCH_RUM`` allows it; looked up once per database and process."""
    from django.conf import settings

    if not getattr(settings, "CANDLE_SEARCH_RUM", True):
        return False
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _rum_found:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
            _rum_found[key] = bool(cursor.fetchone()[0])
    return _rum_found[key]


def rum_forget() -> None:
    """Look for the RUM index again (after migrating, or in tests)."""
    _rum_found.clear()


class KoreanPostgresSearchQueryCompiler(
    RankedPagesMixin, _KoreanPostgresCompilerMixin, pg.PostgresSearchQueryCompiler
):
    SCORE_DESCENDING = True

    def _matches_itself(self) -> bool:
        return isinstance(self.query, (PlainText, Phrase)) and self.fields is None

    def _ranks_itself(self) -> bool:
        return self.order_by_relevance and self._matches_itself()

    def search(self, config, start, stop, score_field=None, backend=None):
        """As modelsearch searches, but matching title and body each on its own GIN index
        (``title @@ q OR body @@ q``) instead of ``(title || body) @@ q``, which no index serves;
        ranked by relevance, the slice is cut by ``search_with_count``'s statement (the
        results page's and the API's search give the same pages in the same order)."""
        if not self._matches_itself():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if self._ranks_itself():
            return self.search_with_count(config, start or 0, stop, score_field)[0]
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def _tsquery_text(self) -> str:
        query = self.query
        return self._expression(
            query.query_string,
            getattr(query, "operator", "and"),
            phrase=isinstance(query, Phrase),
        )

    def _matched(self, config):
        """The matching index entries of the searched types (Django's query)."""
        search_query = self.build_tsquery(self.query, config=config)
        return pg.IndexEntry.objects.filter(
            # sorted: the same statement for the same search (the kept ranking's key)
            content_type_id__in=self._content_types()
        ).filter(Q(title=search_query) | Q(body=search_query))

    def _content_types(self) -> list[int]:
        return sorted(pg.get_descendants_content_types_pks(self.queryset.model))

    def ranked_statement(self, config, start: int, stop: int | None) -> tuple[str, tuple]:
        """The statement for one slice of the ranking with the capped count, and its values:
        RUM's when its index is there, else the GIN one; the same scores and order."""
        pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
        pages_sql, pages_params = pages.query.sql_with_params()
        matched = self._matched(config).order_by().values("object_id")
        matched_sql, matched_params = matched.query.sql_with_params()
        counted = COUNTED.format(matched=matched_sql, pages=pages_sql)
        counted_params = (*matched_params, *pages_params, count_limit())
        limit = None if stop is None else stop - (start or 0)
        if rum_available(self.queryset.db):
            text = self._tsquery_text()
            content_types = self._content_types() or [0]
            statement = RUM_RANKED_WITH_COUNT.format(
                vector=RUM_VECTOR,
                tsquery=TSQUERY_SQL,
                counted=counted,
                content_types=", ".join(["%s"] * len(content_types)),
                pages=pages_sql,
            )
            values = (
                text,
                *counted_params,
                *content_types,
                text,
                text,
                text,
                *pages_params,
                text,
                limit,
                start or 0,
            )
            return statement, values
        entries = (
            self._matched(config)
            .annotate(
                score=self._build_rank_expression(
                    [(F("title"), F("title_norm")), (F("body"), 1.0)], config
                )
            )
            .order_by()
            .values("object_id", "score")
        )
        entries_sql, entries_params = entries.query.sql_with_params()
        statement = RANKED_WITH_COUNT.format(entries=entries_sql, pages=pages_sql)
        return statement, (
            *entries_params,
            *pages_params,
            count_limit(),
            limit,
            start or 0,
        )

    def rum_window_statement(self, config, window: int) -> tuple[str, tuple]:
        """``RUM_WINDOW`` for this search and its values."""
        pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
        pages_sql, pages_params = pages.query.sql_with_params()
        matched = self._matched(config).order_by().values("object_id")
        matched_sql, matched_params = matched.query.sql_with_params()
        counted = COUNTED_BY_ENTRY.format(
            matched=matched_sql, allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry="m")
        )
        text = self._tsquery_text()
        content_types = self._content_types() or [0]
        statement = RUM_WINDOW.format(
            vector=RUM_VECTOR,
            tsquery=TSQUERY_SQL,
            counted=counted,
            content_types=", ".join(["%s"] * len(content_types)),
            allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry='"wagtailsearch_indexentry"'),
        )
        values = (
            text,
            *matched_params,
            *pages_params,
            count_limit(),
            *content_types,
            text,
            text,
            text,
            *pages_params,
            text,
            window + 1,
        )
        return statement, values

    def rum_window_rows(self, config, start: int, stop: int | None) -> list | None:
        """The rows ``RUM_RANKED_WITH_COUNT`` gives for the slice (object id, score, capped
        count), from a window of the best allowed matches in the index's order; None when no
        window holds the slice exactly. Every allowed match scoring better than the window's
        last score is in the window (the index gives them best first, each checked against the
        page filter before the limit), so its rows above that score, sorted by score and page
        id, are the ranking's first; the last score's tie may go on past the window and is
        cut off."""
        if stop is None or "<->" in self._tsquery_text():
            # a phrase of several words (``'인신' <-> '매매'``): the index's order was not
            # the order of the scores computed on the rows at the bench (one query of 54)
            return None
        for factor, extra in RUM_WINDOWS:
            window = factor * stop + extra
            statement, values = self.rum_window_statement(config, window)
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(statement, values)  # Django's compiled queries: all parameters
                rows = cursor.fetchall()
            if any(a[1] < b[1] for a, b in zip(rows, rows[1:], strict=False)):
                return None  # not best first as the index gave them: not a window to trust
            every_match = len(rows) <= window
            if not every_match:
                edge = rows[window - 1][1]
                rows = [row for row in rows[:window] if row[1] > edge]
            rows.sort(key=lambda row: (-row[1], -int(row[0])))
            if len(rows) >= stop or every_match:
                return rows[start:stop]
        return None

    _rum_ordered = False

    def _pages(self, rows, score_field):
        pages = super()._pages(rows, score_field)
        if not self._rum_ordered or not rows:
            return pages
        # RUM's order as the index gave it (equal scores in the index's order, the same for
        # every slice size: the results page's slices and the API's agree)
        position = _positions(self.queryset.model, rows)
        order = Case(
            *(When(pk=pk, then=Value(index)) for pk, index in position.items()),
            output_field=IntegerField(),
        )
        return pages.annotate(_candle_position=order).order_by("_candle_position")

    def _pages_listed(self, rows, score_field) -> list:
        pages = super()._pages_listed(rows, score_field)
        if not self._rum_ordered:
            return pages
        position = _positions(self.queryset.model, rows)
        return sorted(pages, key=lambda page: position[page.pk])

    def search_with_count(self, config, start, stop, score_field=None, *, listed=False):
        """The pages of one slice, ranked by the declared score (highest first; RUM's or
        ts_rank's, see ``RUM_VECTOR``) over every allowed match, and the number of
        allowed matches up to the cap, from one statement (``ranked_statement``). The count is
        None when the slice is past the end (no row carries it)."""
        statement, values = self.ranked_statement(config, start, stop)
        self._rum_ordered = "<=>" in statement

        def full() -> list:
            with connections[self.queryset.db].cursor() as cursor:
                # Django's own compiled queries; every value goes in as a parameter
                cursor.execute(statement, values)
                return cursor.fetchall()

        def run() -> list:
            # with RUM, a window of the best from the index when it holds the slice exactly
            rows = self.rum_window_rows(config, start or 0, stop) if self._rum_ordered else None
            return full() if rows is None else rows

        # the full statement decides the rows (the same rows either way): the kept key
        rows = ranked_rows_cached(self.queryset.db, statement, values, run)
        total = rows[0][2] if rows else (0 if not start else None)
        pages = self._pages_listed if listed else self._pages
        return pages([row[:2] for row in rows], score_field), total

    def count_capped(self, config) -> int:
        """The allowed matches, counted up to ``counting.count_limit()``."""
        pages = self.queryset.order_by().values("pk")
        return queryset_count_capped(
            self._matched(config).filter(
                object_id__in=pages.annotate(_candle_key=Cast("pk", CharField())).values(
                    "_candle_key"
                )
            )
        )


def _positions(model, rows) -> dict:
    """{page id: its place in ``rows``} (the first place of each)."""
    position: dict = {}
    for object_id, _score in rows:
        position.setdefault(model._meta.pk.to_python(object_id), len(position))
    return position


class KoreanPostgresSearchResults(CappedPagesMixin, pg.PostgresSearchResults):
    ranked_compiler_class = KoreanPostgresSearchQueryCompiler


class KoreanPostgresAutocompleteQueryCompiler(
    _KoreanPostgresCompilerMixin, pg.PostgresAutocompleteQueryCompiler
):
    PREFIX_LAST_ANY = True


class KoreanPostgresSearchBackend(pg.PostgresSearchBackend):
    query_compiler_class = KoreanPostgresSearchQueryCompiler
    results_class = KoreanPostgresSearchResults
    autocomplete_query_compiler_class = KoreanPostgresAutocompleteQueryCompiler
    index_class = KoreanPostgresIndex

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": "simple"})
