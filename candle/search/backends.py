"""Korean-aware subclasses of modelsearch's database backends (SQLite FTS5 and PostgreSQL).

Both index the analysed text (``candle.search.analysis``) instead of the raw text, and turn a
query into the same tokens: each query word becomes a phrase of its morphemes with a prefix
match on a trailing Hangul morpheme, or, where Kiwi split the word into single syllables, a
phrase of its bigrams. Ranking stays the backends' own: bm25 on SQLite, ts_rank on PostgreSQL
(the ``simple`` configuration, since the text is already analysed).

modelsearch builds its ``ObjectIndexer`` inside ``add_items``; we run that same function with
our indexer in its globals rather than copying it, so upstream fixes still reach us.
"""

from __future__ import annotations

import types

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.backends.database.sqlite import query as sqlite_query
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.index import RelatedFields
from modelsearch.query import Phrase, PlainText

from .analysis import QueryTerm, analyse_document, analyse_query

# --- indexing -----------------------------------------------------------------------------------


class _AnalysingIndexerMixin:
    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):  # the nested fields come back through this method
            yield from super().prepare_field(obj, field)
            return
        for item in super().prepare_field(obj, field):
            yield (*item[:-1], analyse_document(item[-1]))


class SQLiteObjectIndexer(_AnalysingIndexerMixin, sqlite.ObjectIndexer):
    pass


class PostgresObjectIndexer(_AnalysingIndexerMixin, pg.ObjectIndexer):
    pass


def _with_indexer(function, module, indexer_class):
    namespace = dict(module.__dict__, ObjectIndexer=indexer_class)
    return types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                              function.__closure__)


class KoreanSQLiteIndex(sqlite.SQLiteIndex):
    add_items = _with_indexer(sqlite.SQLiteIndex.add_items, sqlite, SQLiteObjectIndexer)


class KoreanPostgresIndex(pg.PostgresIndex):
    add_items = _with_indexer(pg.PostgresIndex.add_items, pg, PostgresObjectIndexer)


# --- queries ------------------------------------------------------------------------------------


def _fts5_phrase(tokens: list[str], prefix: bool) -> str:
    # tokens are word characters only (see analysis), so quoting cannot be broken out of
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _fts5_term(term: QueryTerm) -> str:
    if term.bigrams:
        return _fts5_phrase(term.bigrams, False)
    return _fts5_phrase(term.tokens, term.prefix)


class _RawFTS5(sqlite_query.LexemeCombinable, sqlite_query.Value):
    """An FTS5 expression we built ourselves (already safe), passed through as one value."""

    _output_field = sqlite_query.SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


# Matches nothing: a phrase of a token the analyser can never produce.
_FTS5_NOTHING = '"zzznomatchzzz"'
_PG_NOTHING = "'zzznomatchzzz'"


class _KoreanSQLiteCompilerMixin:
    PREFIX_LAST_ANY = False

    def _fts5_expression(self, query_string: str, operator: str, phrase: bool = False) -> str:
        terms = analyse_query(query_string, prefix_last_any=self.PREFIX_LAST_ANY)
        if not terms:
            return _FTS5_NOTHING
        if phrase:
            return _fts5_phrase([t for term in terms for t in term.tokens], False)
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


def _tsquery_phrase(tokens: list[str], prefix: bool) -> str:
    parts = [f"'{token}'" for token in tokens]
    if prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def _tsquery_term(term: QueryTerm) -> str:
    if term.bigrams:
        return _tsquery_phrase(term.bigrams, False)
    return _tsquery_phrase(term.tokens, term.prefix)


class _KoreanPostgresCompilerMixin:
    PREFIX_LAST_ANY = False

    def _tsquery_expression(self, query_string: str, operator: str, phrase: bool = False) -> str:
        terms = analyse_query(query_string, prefix_last_any=self.PREFIX_LAST_ANY)
        if not terms:
            return _PG_NOTHING
        if phrase:
            return _tsquery_phrase([t for term in terms for t in term.tokens], False)
        joiner = " | " if operator.lower() == "or" else " & "
        return "(" + joiner.join(_tsquery_term(term) for term in terms) + ")"

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            operator = getattr(query, "operator", "and")
            expression = self._tsquery_expression(query.query_string, operator, phrase=isinstance(query, Phrase))
            if invert:
                expression = f"!{expression}"
            return pg.SearchQuery(expression, search_type="raw", config="simple")
        return super().build_tsquery_content(query, config=config, invert=invert)


class KoreanPostgresSearchQueryCompiler(_KoreanPostgresCompilerMixin, pg.PostgresSearchQueryCompiler):
    pass


class KoreanPostgresAutocompleteQueryCompiler(_KoreanPostgresCompilerMixin, pg.PostgresAutocompleteQueryCompiler):
    PREFIX_LAST_ANY = True


class KoreanPostgresSearchBackend(pg.PostgresSearchBackend):
    query_compiler_class = KoreanPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = KoreanPostgresAutocompleteQueryCompiler
    index_class = KoreanPostgresIndex

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": "simple"})


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks for in a backend module
    """The Korean-aware backend for the default database's engine."""
    if connection.vendor == "postgresql":
        return KoreanPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return KoreanSQLiteSearchBackend(params)
    raise ImproperlyConfigured("candle.search.backends supports SQLite and PostgreSQL only.")
