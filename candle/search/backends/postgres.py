"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

from django.db.models import Q
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Phrase, PlainText

from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
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
    def search(self, config, start, stop, score_field=None, backend=None):
        """As modelsearch searches, but matching title and body each on its own GIN index
        (``title @@ q OR body @@ q``) instead of ``(title || body) @@ q``, which no index serves."""
        if not isinstance(self.query, (PlainText, Phrase)) or self.fields is not None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class KoreanPostgresAutocompleteQueryCompiler(
    _KoreanPostgresCompilerMixin, pg.PostgresAutocompleteQueryCompiler
):
    PREFIX_LAST_ANY = True


class KoreanPostgresSearchBackend(pg.PostgresSearchBackend):
    query_compiler_class = KoreanPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = KoreanPostgresAutocompleteQueryCompiler
    index_class = KoreanPostgresIndex

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": "simple"})
