"""The SQLite FTS5 backend: analysed text in modelsearch's FTS5 table, ranked by bm25."""

from modelsearch.backends.database.sqlite import query as sqlite_query
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import Phrase, PlainText

from ..analysis import QueryTerm, analyse_query
from ..dictionary import user_dictionary_refresh
from .indexing import NOTHING_TOKEN, AnalysingIndexerMixin, with_indexer


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


def _fts5_term(term: QueryTerm) -> str:
    if term.bigrams:
        return _fts5_phrase(term.bigrams, False)
    return _fts5_phrase(term.tokens, term.prefix)


class _KoreanSQLiteCompilerMixin:
    PREFIX_LAST_ANY = False

    def _fts5_expression(self, query_string: str, operator: str, phrase: bool = False) -> str:
        user_dictionary_refresh()
        terms = analyse_query(query_string, prefix_last_any=self.PREFIX_LAST_ANY)
        if not terms:
            return f'"{NOTHING_TOKEN}"'
        if phrase:
            tokens = [t for term in terms for t in term.tokens]
            return _fts5_phrase(tokens, False) if tokens else f'"{NOTHING_TOKEN}"'
        joiner = " OR " if operator.upper() == "OR" else " AND "
        return "(" + joiner.join(_fts5_term(term) for term in terms) + ")"

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            expression = self._fts5_expression(query.query_string, query.operator)
            return sqlite_query.SearchQueryExpression(_RawFTS5(expression))
        if isinstance(query, Phrase):
            expression = self._fts5_expression(query.query_string, "AND", phrase=True)
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
