"""Korean-aware subclasses of modelsearch's database backends (SQLite FTS5 and PostgreSQL).

Both index the analysed text (``candle.search.analysis``) instead of the raw text, and turn a
query into the same tokens: each query word becomes a phrase of its morphemes with a prefix
match on a trailing Hangul morpheme, or, where Kiwi split the word into single syllables, a
phrase of its bigrams. Ranking stays the backends' own: bm25 on SQLite, ts_rank on PostgreSQL
(the ``simple`` configuration, since the text is already analysed).

modelsearch builds its ``ObjectIndexer`` inside ``add_items``; we run that same function with
our indexer in its globals rather than copying it, so upstream fixes still reach us.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks for in a backend module
    """The Korean-aware backend for the default database's engine."""
    if connection.vendor == "postgresql":
        from .postgres import KoreanPostgresSearchBackend

        return KoreanPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import KoreanSQLiteSearchBackend

        return KoreanSQLiteSearchBackend(params)
    raise ImproperlyConfigured("candle.search.backends supports SQLite and PostgreSQL only.")
