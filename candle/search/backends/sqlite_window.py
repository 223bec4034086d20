"""SQLite: the exact best of every allowed match, ranked in the FTS table alone.

The declared score is unchanged (``sqlite.TitleWeightedBM25``: bm25 with the title norm as
the weight of the title's hits). What changes is where it is computed. ``RANKED_WITH_COUNT``
looked every match up twice before ranking it: its index entry (for the title norm) and its
page (the page filter: live, public, language, type ...), two B-tree lookups per match, about
as dear together as bm25 itself on a common word. Here:

1. **Ranked in the FTS table.** The title norm only weighs the title's hits, so a match whose
   title holds none of the query's phrases scores the same whatever its norm (1.0 is given):
   only the matches whose title holds one (a list of the title matches, made once) read their
   entry's norm. One pass over the matches, one ``ORDER BY score LIMIT`` keeping the best
   ``window + 1`` (SQLite's top-k sorter), each with its exact score.
2. **The page filter on the window only.** The window's entries are checked against the page
   filter in one statement (a primary-key lookup each) and sorted by the statement's own order
   (score, then object id as text).
3. **Exact, or not used.** Every match scoring strictly better than the window's last score is
   in the window, so the window's allowed matches are the first of all allowed matches, in
   order (a tie across the window's edge is cut off before the edge). When the window holds
   fewer allowed matches than the slice's end and is not every match, a wider window is tried,
   then ``RANKED_WITH_COUNT`` (``None`` here). No score is guessed and no match is dropped
   before it is scored: every match is scored by FTS5.

The count is the same capped count as ``RANKED_WITH_COUNT``'s (``counting.count_limit()``
allowed matches at most), a scalar subquery of the first statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F
from modelsearch.backends.database.sqlite import sqlite

from .counting import count_limit

FTS_TABLE = sqlite.SQLiteFTSIndexEntry._meta.db_table
ENTRY_TABLE = sqlite.IndexEntry._meta.db_table

# a phrase of our FTS5 expressions: word characters in quotes, maybe a prefix star
# (``sqlite._fts5_phrase``; no query text reaches the expression unanalysed)
_PHRASE = re.compile(r'"\w[\w ]*"\*?')

# The window: the best ``window + 1`` matches by the declared score, each with its entry id,
# and the capped count of the allowed matches, in one pass over the matches. The title norm is
# read from the entry only for a match whose title holds a phrase of the query (the title
# matches, a list made once: ``+`` keeps it a list each match is looked up in, not a rowid
# constraint handed to FTS5); any other match's title weight multiplies no hit, so 1.0 gives
# the same score as its norm would.
WINDOW_SQL = (
    'SELECT f.rowid AS "entry", bm25(f.{fts}, 0.0, 1.0, CASE WHEN +f.rowid IN '
    "(SELECT h.rowid FROM {fts} h WHERE h.{fts} MATCH %s) "
    "THEN (SELECT e.title_norm FROM {entries} e WHERE e.id = f.rowid) ELSE 1.0 END) "
    'AS "score", ({counted}) AS "capped_count" FROM {fts} f WHERE f.{fts} MATCH %s '
    'ORDER BY "score", "entry" LIMIT %s'
)


# the windows tried, each ``factor * slice end + extra`` matches: the first holds the slice
# unless a good share of the best matches is not the reader's (another language, a page the
# filter leaves out); the second, unless most of them are not
WINDOWS = ((2, 40), (40, 2000))


def _expressions(expression: str) -> tuple[str, str] | None:
    """For an FTS5 expression of ours (``{title body} : (...)``): the expression and the
    title holding any of its phrases. None when it has no phrase (nothing to match) or
    searches other columns."""
    prefix = "{title body} : ("
    phrases = _PHRASE.findall(expression)
    if not expression.startswith(prefix) or not phrases:
        return None
    titles = "title : (" + " OR ".join(dict.fromkeys(phrases)) + ")"
    return expression, titles


# The same matches as ``compiler.matches(config, scored=False)`` (the FTS match, the searched
# types, the page filter by each match's page key), written around the page filter Django
# compiled once for the search (``statement_parts``): each statement of a search used to build
# and compile its own queryset with the filter in it (the window's count, its entries'
# check), which cost more Python than running them.
COUNTED_SQL = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM {fts} INNER JOIN {entries} e ON ({fts}.rowid = e.id) "
    "WHERE ({fts} MATCH %s AND e.content_type_id IN ({content_types}) AND {allowed}) LIMIT %s)"
)
# an entry's page through the reader's filter, by its key (``object_id`` is text; SQLite
# compares it to the integer key as a number, so the key's index serves the lookup)
ALLOWED_SQL = 'EXISTS(SELECT 1 FROM ({pages}) p WHERE p."_candle_pk" = e.object_id)'
# the window's entries whose page the reader's filter allows, by key
WINDOW_ALLOWED_SQL = (
    "SELECT e.id, e.object_id, e.content_type_id FROM {entries} e "
    "WHERE e.id IN ({ids}) AND {allowed}"
)


@dataclass(frozen=True)
class StatementParts:
    """A search's page filter (each allowed page's key as ``_candle_pk``, as Django compiled
    it), the FTS5 MATCH value of its words and the searched types: what every statement of
    the search is made of, made once per search (``statement_parts``)."""

    pages_sql: str
    pages_params: tuple
    expression: str
    content_types: tuple[int, ...]


def statement_parts(compiler, config) -> StatementParts | None:
    """The parts of ``compiler``'s search, made once and kept on it; None where a window
    cannot say (an empty page filter, or not one of our expressions)."""
    if getattr(compiler, "_window_parts", False) is not False:
        return compiler._window_parts
    parts = None
    pages = compiler.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
    try:
        pages_sql, pages_params = pages.query.sql_with_params()
    except EmptyResultSet:
        pages_sql = None
    if pages_sql is not None:
        expression = match_value(compiler, config)
        if expression is not None and expression.startswith("{title body} : ("):
            parts = StatementParts(
                pages_sql, tuple(pages_params), expression, tuple(compiler._content_types())
            )
    compiler._window_parts = parts
    return parts


def match_value(compiler, config) -> str | None:
    """The MATCH value ``compiler.matches`` gives FTS5 for the search (its only parameter:
    compiled alone, without a queryset around it)."""
    search_query = compiler.build_search_query(sqlite.normalize(compiler.query), config=config)
    match = sqlite.MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    query = sqlite.SQLiteFTSIndexEntry.objects.all().query
    _sql, params = match.as_sql(query.get_compiler(compiler.queryset.db), None)
    return params[0] if len(params) == 1 and isinstance(params[0], str) else None


def window_statement(compiler, config, window: int) -> tuple[str, tuple] | None:
    """``WINDOW_SQL`` for ``compiler``'s search and its values, or None where it cannot say."""
    parts = statement_parts(compiler, config)
    found = _expressions(parts.expression) if parts is not None else None
    if found is None:
        return None
    counted = COUNTED_SQL.format(
        fts=FTS_TABLE,
        entries=ENTRY_TABLE,
        content_types=", ".join(["%s"] * len(parts.content_types)) or "NULL",
        allowed=ALLOWED_SQL.format(pages=parts.pages_sql),
    )
    statement = WINDOW_SQL.format(counted=counted, fts=FTS_TABLE, entries=ENTRY_TABLE)
    expression, titles = found
    counted_values = (expression, *parts.content_types, *parts.pages_params, count_limit())
    return statement, (titles, *counted_values, expression, window + 1)


def _allowed(compiler, entry_ids: list[int]) -> dict[int, str]:
    """{entry id: object id} of the entries among ``entry_ids`` whose page the reader's filter
    allows (the same filter as ``compiler.matches``: content types, then the page by key)."""
    parts = compiler._window_parts  # made by ``window_statement`` for the same search
    content_types = set(parts.content_types)
    # the entries by key, their type checked here: asked in SQL, SQLite read every entry of
    # the types through the (content type, object id) index instead (23 ms, not 0.4, at the
    # bench's 100,000)
    statement = WINDOW_ALLOWED_SQL.format(
        entries=ENTRY_TABLE,
        ids=", ".join(["%s"] * len(entry_ids)),
        allowed=ALLOWED_SQL.format(pages=parts.pages_sql),
    )
    with connections[compiler.queryset.db].cursor() as cursor:
        # Django's compiled page filter and entry keys: every value is a parameter
        cursor.execute(statement, (*entry_ids, *parts.pages_params))
        rows = cursor.fetchall()
    return {entry: object_id for entry, object_id, kind in rows if kind in content_types}


def first_window(compiler, config, start: int, stop: int | None) -> tuple[str, tuple] | None:
    """The first window's statement for the slice, or None where no window is used."""
    if stop is None or compiler.fields is not None or not WINDOWS:
        return None
    factor, extra = WINDOWS[0]
    return window_statement(compiler, config, factor * stop + extra)


def window_ranked_rows(
    compiler, config, start: int, stop: int | None, *, first: tuple | None = None
) -> list | None:
    """The rows ``RANKED_WITH_COUNT`` gives for the slice (object id, score, capped count),
    from a window of the best matches, or None when no window answers exactly. ``first``:
    the first window's statement, already built."""
    if stop is None or compiler.fields is not None:
        return None
    for number, (factor, extra) in enumerate(WINDOWS):
        window = factor * stop + extra
        built = first if number == 0 and first is not None else None
        built = built or window_statement(compiler, config, window)
        if built is None:
            return None
        answer = _from_window(compiler, built, start, stop, window)
        if answer is not None:
            return answer
    return None


def _from_window(compiler, built: tuple, start: int, stop: int, window: int) -> list | None:
    statement, values = built
    with connections[compiler.queryset.db].cursor() as cursor:
        # Django's compiled queries and our own expressions: every value is a parameter
        cursor.execute(statement, values)
        rows = cursor.fetchall()
    count = rows[0][2] if rows else 0
    every_match = len(rows) <= window
    if not every_match:
        rows = rows[:window]
        edge = rows[-1][1]
        rows = [row for row in rows if row[1] < edge]  # a tie may go on past the window
    allowed = _allowed(compiler, [row[0] for row in rows]) if rows else {}
    ranked = sorted((score, allowed[entry]) for entry, score, _count in rows if entry in allowed)
    if len(ranked) < stop and not every_match:
        return None
    return [(object_id, score, count) for score, object_id in ranked[start:stop]]
