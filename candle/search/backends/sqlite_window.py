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

from django.db import connections
from django.db.models import Exists, OuterRef
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


def window_statement(compiler, config, window: int) -> tuple[str, tuple] | None:
    """``WINDOW_SQL`` for ``compiler``'s search and its values, or None where it cannot say."""
    matched = compiler.matches(config, scored=False).order_by().values("index_entry__object_id")
    counted_sql, counted_params = matched.query.sql_with_params()
    # the MATCH value Django compiled for the same search (its only string parameter that
    # starts with the column filter)
    expression = next(
        (p for p in counted_params if isinstance(p, str) and p.startswith("{title body} : (")),
        None,
    )
    parts = _expressions(expression) if expression else None
    if parts is None:
        return None
    statement = WINDOW_SQL.format(
        counted=f"SELECT COUNT(*) FROM ({counted_sql} LIMIT %s)",  # noqa: S608 - Django SQL
        fts=FTS_TABLE,
        entries=ENTRY_TABLE,
    )
    expression, titles = parts
    return statement, (titles, *counted_params, count_limit(), expression, window + 1)


def _allowed(compiler, entry_ids: list[int]) -> dict[int, str]:
    """{entry id: object id} of the entries among ``entry_ids`` whose page the reader's filter
    allows (the same filter as ``compiler.matches``: content types, then the page by key)."""
    content_types = set(sqlite.get_descendants_content_types_pks(compiler.queryset.model))
    allowed = compiler.queryset.order_by().filter(pk=OuterRef("object_id"))
    # the entries by key, their type checked here: asked in SQL, SQLite read every entry of
    # the types through the (content type, object id) index instead (23 ms, not 0.4, at the
    # bench's 100,000)
    rows = (
        sqlite.IndexEntry.objects.filter(pk__in=entry_ids)
        .filter(Exists(allowed))
        .values_list("pk", "object_id", "content_type_id")
    )
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
