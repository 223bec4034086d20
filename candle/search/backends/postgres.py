"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, router, transaction
from django.db.models import Case, CharField, Expression, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres import postgres as pg
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
from .rum_statements import (  # noqa: F401 - RUM_INDEX, RUM_VECTOR, SPLIT_OPERATORS, rum_forget: as before
    RUM_INDEX,
    RUM_VECTOR,
    SPLIT_OPERATORS,
    TSQUERY_SQL,
    StatementParts,
    first_rum_window,
    prefixes_spelt_out,
    rum_available,
    rum_forget,
    rum_ranked_statement,
    rum_window_rows,
)


def _unprepared(execute, sql, params, many, context):
    """Django's execute wrapper for ``custom_plans``: the statement sent unprepared."""
    raw = context["connection"].connection
    threshold = getattr(raw, "prepare_threshold", None)
    if threshold is None:  # not preparing
        return execute(sql, params, many, context)
    raw.prepare_threshold = None
    try:
        return execute(sql, params, many, context)
    finally:
        raw.prepare_threshold = threshold


@contextmanager
def custom_plans(alias: str):
    """Run the statements inside unprepared, so PostgreSQL plans each for its own values.

    The settings let psycopg prepare a statement once it has run twice on a connection
    (``prepare_threshold``), and after five runs of a prepared statement PostgreSQL may keep a
    generic plan, made without the values. A search's statements have the same text for every
    query of the same shape, so a connection serving searches came to a generic plan for
    them: for two words ANDed, a scan of every match with RUM's distance computed on each row
    (50-70 ms at the bench) instead of the ordered scan of the index that the values choose
    (10-20 ms). What decides the plan here is the query's words, so the ranking and count are
    planned with them every time (planning them costs 0.3-0.4 ms). Each statement is wrapped
    as it runs (Django's ``execute_wrapper``), so nothing connects before a statement does
    (a kept ranking runs none)."""
    with connections[alias].execute_wrapper(_unprepared):
        yield


class _CompiledVector(Expression):
    """A tsvector expression whose SQL is already compiled: ``as_sql`` gives it as it is."""

    def __init__(self, sql: str, params: list):
        super().__init__(output_field=SearchVectorField())
        self.sql, self.params = sql, params

    def resolve_expression(self, *args, **kwargs):
        return self

    def as_sql(self, compiler, connection):
        return self.sql, list(self.params)


# {(config, weights, database alias): (SQL, values, {position in values: text number})}
_vector_shapes: dict[tuple, tuple[str, list, dict[int, int]]] = {}


class PostgresObjectIndexer(AnalysingIndexerMixin, pg.ObjectIndexer):
    # modelsearch also stores the title and body as text (title_text, body_text) for its Fuzzy
    # (trigram) query, which nothing here asks for (and ours would be analysed tokens, not the
    # text). Kept empty, the index entries are a third smaller (at the bench, 230 -> 160 MB with
    # their TOAST), and ranking a common word, which reads every matching entry, 20-25 % faster.
    title_text = ""
    body_text = ""

    def as_vector(self, texts, for_autocomplete=False):
        """modelsearch's vector of ``texts`` (each ``setweight(to_tsvector(config, text),
        weight)``, joined by ``||``), compiled by Django once per shape (the weights of the
        non-empty texts) and then reused with each entry's texts as its values: compiled entry
        by entry, the expressions (copied, resolved and compiled three times per entry) cost
        more than everything else ``update_index``'s writer does. The same statement and
        values (``test_indexing.py``)."""
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        if not texts:
            return pg.EMPTY_VECTOR
        config = self.autocomplete_config if for_autocomplete else self.config
        alias = router.db_for_write(pg.IndexEntry)
        key = (config, tuple(weight for _, weight in texts), alias)
        shape = _vector_shapes.get(key)
        if shape is None:
            shape = _vector_shapes[key] = _vector_shape(self, key, for_autocomplete)
        sql, values, slots = shape
        values = list(values)
        for position, number in slots.items():
            values[position] = texts[number][0]
        return _CompiledVector(sql, values)


def _vector_shape(indexer, key, for_autocomplete: bool):
    """modelsearch's vector for texts of these weights, compiled with a unique mark in place
    of each text: its SQL, its values, and where each text's value goes."""
    _config, weights, alias = key
    marks = [f"\x00candle-text-{number}\x00" for number in range(len(weights))]
    expression = pg.ObjectIndexer.as_vector(
        indexer, list(zip(marks, weights, strict=True)), for_autocomplete=for_autocomplete
    )
    connection = connections[alias]
    compiler = InsertQuery(pg.IndexEntry).get_compiler(connection=connection)
    value = compiler.prepare_value(pg.IndexEntry._meta.get_field("title"), expression)
    sql, values = value.as_sql(compiler, connection)
    slots = {position: marks.index(v) for position, v in enumerate(values) if v in marks}
    if sorted(slots.values()) != list(range(len(marks))):
        raise ValueError("each text should be one value of the compiled vector")
    return sql, list(values), slots


class _AnalysingPostgresIndex(pg.PostgresIndex):
    add_items = with_indexer(pg.PostgresIndex.add_items, pg, PostgresObjectIndexer)


class KoreanPostgresIndex(
    IndexWritesPurgeMixin, TitleNormsDeferrableMixin, _AnalysingPostgresIndex
):
    def _refresh_title_norms(self, full=False):
        """Every entry's norm (a rebuild's last step) with the vocabulary's update trigger off
        for that one statement: it only sets ``title_norm``, so the trigger, which adds the
        words of entries whose title or body changed, never has anything to add, but it
        joined the statement's old and new rows to find that out, and in ``update_index`` that
        took 15.7 s of the 15.9 s the statement took at 10,000 entries (``EXPLAIN ANALYZE``
        in the run; 0.1-0.4 s in a session of its own, not understood). Off and on again inside one transaction, whose lock on
        the table makes any other write wait for its end, so no other write goes without it."""
        if not full:
            return super()._refresh_title_norms(full=full)
        connection = self.write_connection
        table = pg.IndexEntry._meta.db_table
        outer = connection.in_atomic_block  # a caller's transaction (the atomic rebuild, tests)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if outer:  # its rows' deferred foreign-key checks would forbid the ALTER TABLE
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND tgname = %s",
                [table, VOCABULARY_UPDATE_TRIGGER],
            )
            if cursor.fetchone() is None:
                return super()._refresh_title_norms(full=full)
            # constants: the table's and the trigger's own names
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {VOCABULARY_UPDATE_TRIGGER}")
            super()._refresh_title_norms(full=full)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {VOCABULARY_UPDATE_TRIGGER}")
            if outer:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# ``_matched``'s query (the searched types' entries whose title or body matches, each on its
# own GIN index), written out: Django built and compiled it for every search, which cost more
# than the rest of its statements' making. The tsquery is the one ``build_tsquery`` gives
# (``_KoreanPostgresCompilerMixin``: the analysed expression, raw, ``simple``);
# ``test_ranking.py`` compares the two.
MATCHED_SQL = (
    'SELECT "wagtailsearch_indexentry"."object_id" AS "object_id" '
    'FROM "wagtailsearch_indexentry" '
    'WHERE ("wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    'AND ("wagtailsearch_indexentry"."title" @@ ({tsquery}) '
    'OR "wagtailsearch_indexentry"."body" @@ ({tsquery})))'
)

# rum.py's trigger keeping the vocabulary (``candle_search_lexeme``) on an entry's update
VOCABULARY_UPDATE_TRIGGER = "candle_search_lexemes_update"


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
#   ``rum_ts_distance`` (``<=>``), for the query's words taken one by one (``ranking_text``:
#   a query of several words or a phrase is matched as written and ranked by the OR of its
#   words, for RUM's rank of covers of several words is not stable). The RUM index (migration
#   0004) is built on that expression, stores each lexeme's positions and returns the matches
#   best first from the index, scored without reading their rows
#   (``ORDER BY vector <=> query LIMIT k``);
# - without RUM (GIN only): modelsearch's ts_rank of the title times its norm plus ts_rank of
#   the body, over every allowed match. RUM's rank is not ts_rank (up to 2x apart on the same
#   entry), so the two can order close matches differently; each is exact for its function.
# One page of the ranked matches and the count of the allowed matches up to the cap. ``{entries}``
# are the matching index entries (``title @@ q OR body @@ q``, each column's GIN index) with
# their score; ``{matched}`` the same without it; ``{pages}`` the page filter (live, public,
# language, type ...) giving each allowed page's primary key, checked as a hashed set
# (``(id IN (pages)) IS TRUE`` keeps PostgreSQL from turning it into a join, which without
# statistics it planned as a nested loop ranking every match again per page: four minutes at
# 10,000 posts). All three are Django's compiled queries: every value is a parameter. The count
# stops at ``counting.count_limit()`` allowed matches.
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
        ranked by relevance, the slice is cut by ``search_with_count``'s statement (the results
        page's and the API's search give the same pages in the same order)."""
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

    _text: str | None = None

    def _query_text(self) -> str:
        """The search's query as a tsquery's text (what ``build_tsquery`` gives a plain text
        or phrase query), analysed once per search for all its statements."""
        if self._text is None:
            query = self.query
            self._text = self._expression(
                query.query_string,
                getattr(query, "operator", "and"),
                phrase=isinstance(query, Phrase),
            )
        return self._text

    _rum_text: str | None = None

    def _tsquery_text(self) -> str:
        """The query as a tsquery for RUM's statements, its prefixes spelt out as the words
        they cover (``prefixes_spelt_out``); looked up once per search."""
        if self._rum_text is None:
            self._rum_text = prefixes_spelt_out(self._query_text(), self.queryset.db)
        return self._rum_text

    def _matched(self, config):
        """The matching index entries of the searched types (Django's query)."""
        search_query = self.build_tsquery(self.query, config=config)
        return pg.IndexEntry.objects.filter(
            # sorted: the same statement for the same search (the kept ranking's key)
            content_type_id__in=self._content_types()
        ).filter(Q(title=search_query) | Q(body=search_query))

    _content_types_found: list[int] | None = None

    def _content_types(self) -> list[int]:
        if self._content_types_found is None:
            self._content_types_found = sorted(
                pg.get_descendants_content_types_pks(self.queryset.model)
            )
        return self._content_types_found

    _parts: StatementParts | None = None

    def statement_parts(self, config) -> StatementParts:
        """The compiled page filter and matches every statement of this search is made of,
        compiled once per search (each statement used to compile them again)."""
        if self._parts is None:
            pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
            text = self._query_text()
            content_types = self._content_types() or [0]
            matched = MATCHED_SQL.format(
                content_types=", ".join(["%s"] * len(content_types)), tsquery=TSQUERY_SQL
            )
            self._parts = StatementParts(
                *pages.query.sql_with_params(), matched, (*content_types, text, text)
            )
        return self._parts

    def _page_filter_compiled(self) -> tuple[str, tuple] | None:
        parts = self._parts  # made by the search's statements
        return (parts.pages_sql, parts.pages_params) if parts is not None else None

    def ranked_statement(self, config, start: int, stop: int | None) -> tuple[str, tuple]:
        """The statement for one slice of the ranking with the capped count, and its values:
        RUM's when its index is there, else the GIN one; the same scores and order."""
        if rum_available(self.queryset.db):
            return rum_ranked_statement(self, config, start, stop)
        parts = self.statement_parts(config)
        limit = None if stop is None else stop - (start or 0)
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
        statement = RANKED_WITH_COUNT.format(entries=entries_sql, pages=parts.pages_sql)
        return statement, (
            *entries_params,
            *parts.pages_params,
            count_limit(),
            limit,
            start or 0,
        )

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
        None when the slice is past the end (no row carries it).

        With RUM, a window of the best from the index answers when it holds the slice exactly
        (``rum_window_rows``), else the full statement; the first window's statement (or the
        full one where no window is used) and the slice decide the rows, so they are the kept
        ranking's key, and the full statement is built only when no window answers."""
        rum = rum_available(self.queryset.db)
        self._rum_ordered = rum
        window = first_rum_window(self, config, start or 0, stop) if rum else None

        def full() -> list:
            statement, values = self.ranked_statement(config, start, stop)
            with connections[self.queryset.db].cursor() as cursor:
                # Django's own compiled queries; every value goes in as a parameter
                cursor.execute(statement, values)
                return cursor.fetchall()

        if window is None:
            statement, values = self.ranked_statement(config, start, stop)
            run = full
        else:
            statement, values = window[0], (*window[1], start or 0, stop)

            def run() -> list:
                rows = rum_window_rows(self, config, start or 0, stop, first=window)
                return full() if rows is None else rows

        with custom_plans(self.queryset.db):
            rows = ranked_rows_cached(self.queryset.db, statement, values, run)
        total = rows[0][2] if rows else (0 if not start else None)
        pages = self._pages_listed if listed else self._pages
        return pages([row[:2] for row in rows], score_field), total

    def count_capped(self, config) -> int:
        """The allowed matches, counted up to ``counting.count_limit()``."""
        pages = self.queryset.order_by().values("pk")
        with custom_plans(self.queryset.db):
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
