"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

from django.db import connections
from django.db.models import F, Q
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Phrase, PlainText

from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    IndexWritesPurgeMixin,
    PagedResultsMixin,
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


# One page of the ranked matches and the number of all of them. ``entries`` ranks the matching
# index entries on their own (object id and score); the fence (OFFSET 0) keeps PostgreSQL from
# joining the pages first and carrying every match's tsvectors through the join and the sort,
# which cost more than the ranking itself. ``pages`` is the page filter (live, public, language,
# type ...) giving each allowed page's primary key; the entries are pages', whose object ids
# are their keys as text. Both are Django's own compiled queries: every value in them is a
# parameter. bench/search.py times this statement.
#
# The page filter is a hashed set the entries are checked against (``hashed SubPlan``), not a
# join: with a join, a database without statistics (tables just filled by an import or a
# restore, before autovacuum analyses them; pg_restore brings none) estimated one allowed page
# and chose a nested loop that ranked every match again for each page: 8,000 pages x 8,000
# matches, over four minutes for one search at 10,000 posts, holding a worker and a core all
# along. ``(... IN (...)) IS TRUE`` keeps PostgreSQL from turning the IN back into a join, so
# it builds the set once, whatever its estimates (it hashes a subquery it expects to fit in
# hash memory: work_mem 32 MB x 2, about a million pages). With statistics, the same speed as
# the join (tested on 10,000 and 100,000 documents, the same pages and counts).
RANKED_WITH_COUNT = (
    'SELECT r."object_id", r."score", COUNT(*) OVER () '
    "FROM ({entries} OFFSET 0) r "
    'WHERE (CAST(r."object_id" AS integer) IN (SELECT p."_candle_pk" FROM ({pages}) p)) IS TRUE '
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
        a slice ranked by relevance is ranked by ``search_with_count``'s statement."""
        if not self._matches_itself():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if self._ranks_itself() and stop is not None:
            return self.search_with_count(config, start, stop, score_field)[0]
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def search_with_count(self, config, start, stop, score_field=None, *, listed=False):
        """The pages of one slice, ranked as modelsearch ranks them (ts_rank of the title times
        its norm plus ts_rank of the body, ties by primary key, highest first), and the number
        of all matches, from one statement (``RANKED_WITH_COUNT``): the matching index entries
        are ranked alone, then joined to the page filter. The count is None when the slice is
        past the end (no row carries it)."""
        search_query = self.build_tsquery(self.query, config=config)
        score = self._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)], config
        )
        entries = (
            pg.IndexEntry.objects.filter(
                # sorted: the same statement for the same search (the kept ranking's key)
                content_type_id__in=sorted(
                    pg.get_descendants_content_types_pks(self.queryset.model)
                )
            )
            .filter(Q(title=search_query) | Q(body=search_query))
            .annotate(score=score)
            .order_by()
            .values("object_id", "score")
        )
        pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
        entries_sql, entries_params = entries.query.sql_with_params()
        pages_sql, pages_params = pages.query.sql_with_params()
        limit = None if stop is None else stop - (start or 0)
        statement = RANKED_WITH_COUNT.format(entries=entries_sql, pages=pages_sql)
        values = (*entries_params, *pages_params, limit, start or 0)

        def run() -> list:
            with connections[self.queryset.db].cursor() as cursor:
                # Django's own compiled queries; every value goes in as a parameter
                cursor.execute(statement, values)
                return cursor.fetchall()

        rows = ranked_rows_cached(self.queryset.db, statement, values, run)
        total = rows[0][2] if rows else (0 if not start else None)
        pages = self._pages_listed if listed else self._pages
        return pages([row[:2] for row in rows], score_field), total


class KoreanPostgresSearchResults(PagedResultsMixin, pg.PostgresSearchResults):
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
