"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

from django.db.models import Count, Q, Window
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Phrase, PlainText

from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    PagedResultsMixin,
    QueryDialect,
    query_expression,
    with_indexer,
)


class PostgresObjectIndexer(AnalysingIndexerMixin, pg.ObjectIndexer):
    pass


class KoreanPostgresIndex(pg.PostgresIndex):
    add_items = with_indexer(pg.PostgresIndex.add_items, pg, PostgresObjectIndexer)


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


class KoreanPostgresSearchQueryCompiler(
    _KoreanPostgresCompilerMixin, pg.PostgresSearchQueryCompiler
):
    def _matches_itself(self) -> bool:
        return isinstance(self.query, (PlainText, Phrase)) and self.fields is None

    def search(self, config, start, stop, score_field=None, backend=None, *, with_total=False):
        """As modelsearch searches, but matching title and body each on its own GIN index
        (``title @@ q OR body @@ q``) instead of ``(title || body) @@ q``, which no index serves.
        ``with_total`` adds the number of all matches to every row (a window count, ``TOTAL``)
        so a results page and its count come from one query."""
        if not self._matches_itself():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        if with_total:
            queryset = queryset.annotate(**{TOTAL: Window(Count("pk"))})
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


TOTAL = "_candle_total"


class KoreanPostgresSearchResults(PagedResultsMixin, pg.PostgresSearchResults):
    def page_with_count(self, start: int, stop: int) -> tuple[list, int]:
        compiler = self.query_compiler
        if isinstance(compiler, KoreanPostgresSearchQueryCompiler) and compiler._matches_itself():
            rows = list(
                compiler.search(
                    compiler.get_config(self.backend),
                    start,
                    stop,
                    score_field=self._score_field,
                    backend=self.backend,
                    with_total=True,
                )
            )
            if rows or not start:
                return rows, getattr(rows[0], TOTAL) if rows else 0
        return super().page_with_count(start, stop)


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
