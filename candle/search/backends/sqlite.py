"""The SQLite FTS5 backend: analysed text in modelsearch's FTS5 table, ranked by bm25."""

from modelsearch.backends.database.sqlite import query as sqlite_query
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import Phrase, PlainText

from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    QueryDialect,
    query_expression,
    with_indexer,
)


class SQLiteObjectIndexer(AnalysingIndexerMixin, sqlite.ObjectIndexer):
    pass


class KoreanSQLiteIndex(sqlite.SQLiteIndex):
    add_items = with_indexer(sqlite.SQLiteIndex.add_items, sqlite, SQLiteObjectIndexer)


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
            query_string, operator, dialect=FTS5, phrase=phrase, prefix_last_any=self.PREFIX_LAST_ANY
        )

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            expression = self._expression(query.query_string, query.operator)
            return sqlite_query.SearchQueryExpression(_RawFTS5(expression))
        if isinstance(query, Phrase):
            expression = self._expression(query.query_string, "AND", phrase=True)
            return sqlite_query.SearchQueryExpression(_RawFTS5(expression))
        return super().build_search_query_content(query, config=config)


class KoreanSQLiteSearchQueryCompiler(_KoreanSQLiteCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class KoreanSQLiteAutocompleteQueryCompiler(_KoreanSQLiteCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    PREFIX_LAST_ANY = True


class KoreanSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = KoreanSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = KoreanSQLiteAutocompleteQueryCompiler
    index_class = KoreanSQLiteIndex
