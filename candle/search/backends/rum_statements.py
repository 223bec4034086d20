"""The ranking's statements with RUM on PostgreSQL (``postgres.py`` runs them; ``rum.py`` makes
the extension and the index): RUM's score, the window of the best allowed matches read in the
index's order (``RUM_WINDOW``, ``rum_window_rows``), every allowed match ranked
(``RUM_RANKED_WITH_COUNT``), a prefix spelt out as the index's words it covers
(``prefixes_spelt_out``), and the words a query of several is ranked by (``ranking_text``).
Each function takes the query compiler whose search it states."""

import re
from dataclasses import dataclass

from django.db import connections

from .counting import count_limit
from .indexing import search_kept

RUM_VECTOR = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
RUM_INDEX = "candle_search_entry_rum"
TSQUERY_SQL = "to_tsquery('simple'::regconfig, %s)"

# With RUM, every allowed match ranked (the window's fallback, and a phrase's statement): the
# same matches (``title || body`` matching, and ``SPLIT_CHECK`` where the query can match across
# the two), each scored once with the declared score (RUM's distance, computed on the row), all
# sorted by distance and page id (highest first), and then each page in that order checked
# against the page filter by its key (``ALLOWED_ENTRY``) until the slice is full. Checking every
# match first (as a hashed set of every allowed page, which read the whole page table for the
# count and again for the ranking, or by key) cost more than scoring it; the fence (``OFFSET 0``)
# keeps PostgreSQL from checking before it sorts.
RUM_RANKED_WITH_COUNT = (
    'SELECT r."object_id", 1.0 / r."distance", ({counted}) AS "capped_count" FROM ('
    'SELECT "wagtailsearch_indexentry"."object_id", {vector} <=> {ranking} AS "distance", '
    'CAST("wagtailsearch_indexentry"."object_id" AS integer) AS "pk" '
    'FROM "wagtailsearch_indexentry" '
    'WHERE "wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    "AND {vector} @@ {tsquery} {split}"
    'ORDER BY "distance", "pk" DESC OFFSET 0) r '
    'WHERE {allowed} ORDER BY r."distance", r."pk" DESC LIMIT %s OFFSET %s'
)

# With RUM, a window of the best allowed matches, read in the index's order and stopped after
# ``window + 1`` of them (no second sort key, which would make PostgreSQL sort every match):
# each entry the index gives is checked against the page filter by its page's primary key (a
# subquery per entry, ``ALLOWED_ENTRY``), not against a hashed set of every allowed page,
# whose building read the whole page table on every search. ``rum_window_rows`` sorts the
# window's equal scores by page id and cuts a tie that may go on past its edge.
ALLOWED_ENTRY = (
    '(SELECT 1 FROM ({pages}) p WHERE p."_candle_pk" = CAST({entry}."object_id" AS integer) '
    "LIMIT 1) IS NOT NULL"
)
# The count of the allowed matches up to the cap, each checked the same way (a window never
# reads more than the cap's worth of pages).
COUNTED_BY_ENTRY = "SELECT COUNT(*) FROM (SELECT 1 FROM ({matched}) m WHERE {allowed} LIMIT %s) c"
RUM_WINDOW = (
    'SELECT "wagtailsearch_indexentry"."object_id", 1.0 / ({vector} <=> {ranking}), '
    '({counted}) AS "capped_count" FROM "wagtailsearch_indexentry" '
    'WHERE "wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    "AND {vector} @@ {tsquery} {split}"
    "AND {allowed} ORDER BY {vector} <=> {ranking} LIMIT %s"
)
# The same matches as the GIN statement's (``title @@ q OR body @@ q``), checked on each entry
# the index gives; needed only where ``title || body`` can match what neither does alone: words
# ANDed (one in the title, one in the body), a phrase (across the title's end), a negation.
# For a single word or an OR of words (a prefix spelt out) the two are the same, and the check
# is left out: asked with it, PostgreSQL multiplied the two conditions' selectivities, took
# 5,460 matches of ``'난민'`` for 298 and read and sorted every one (130 ms) instead of
# reading the index in order (15 ms).
SPLIT_CHECK = (
    'AND ("wagtailsearch_indexentry"."title" @@ {tsquery} '
    'OR "wagtailsearch_indexentry"."body" @@ {tsquery}) '
)
SPLIT_OPERATORS = ("&", "<->", "!")


def _split_check(text: str) -> tuple[str, tuple]:
    """``SPLIT_CHECK`` and its values for the tsquery ``text``, or nothing when the whole
    entry matches exactly when its title or its body does (no AND, phrase or negation)."""
    if any(operator in text for operator in SPLIT_OPERATORS):
        return SPLIT_CHECK.format(tsquery=TSQUERY_SQL), (text, text)
    return "", ()


# What a query is ranked by (``ranking_text``). RUM's rank counts "covers", the stretches of a
# document that satisfy the query, and treats a cover repeating an earlier one's words as worth
# less; it tells covers apart by a hash of memory addresses (the query's items in the index,
# arrays allocated per word on a row; ``calc_score_docr`` in RUM's rum_ts_utils.c). For one word,
# or an OR of words, every cover is one word and the hash tells the words apart, so the index's
# order and the rows' scores agree (checked on every match of ``봉사``). For words ANDed or a
# phrase a cover holds several words, and the hash then takes different covers for the same
# one in the index and on the row: on the imported GnuBoard board the ordered scan of
# ``'인권' & ('국제' | '국제법' | '국제회의')`` gave its rows out of their scores' order, and on
# the same row in one statement ``v <=> q`` was 4.04 and ``rum_ts_distance(v, q)`` 4.33. So such
# a query's rank is not a function of the page and the query, and no window could trust it.
# A query of several words is therefore matched as written (every word, or the phrase) and
# ranked by RUM's rank of its words taken one by one, their OR (each word's occurrences,
# weighted title A and body C, a repeated word worth less each time): the same number in the
# index and on the row, so the window answers (``'인권' & '국제...'``: one ordered scan instead of
# scoring every match on its row, 140 -> 25 ms at the bench).
RANKED_OPERAND = re.compile(r"'\w+'(?::\*)?")


def ranking_text(text: str) -> str:
    """The tsquery RUM ranks the matches of the tsquery ``text`` by: ``text`` itself when it
    is one word or an OR of words, else the OR of its distinct words (and prefixes), in the
    order they first come (``'a' & ('b' | 'c')`` -> ``'a' | 'b' | 'c'``)."""
    if not any(operator in text for operator in ("&", "<->")):
        return text
    words = list(dict.fromkeys(RANKED_OPERAND.findall(text)))
    return " | ".join(words) if words else text


# the windows tried (``factor * slice end + extra`` allowed matches), then ``RUM_RANKED_WITH_COUNT``
RUM_WINDOWS = ((2, 40), (20, 400))

_rum_found: dict[tuple, bool] = {}

# A prefix in a tsquery (``'봉사':*``): our analyser's tokens are word characters only
PREFIX_TERM = re.compile(r"'(\w+)':\*")
WORD = re.compile(r"\w+")
# a prefix covering more words than this stays a prefix (the same matches either way)
PREFIX_WORDS_MAX = 64
LEXEMES_TABLE = "candle_search_lexeme"  # made and kept by rum.py (its triggers)
_lexemes_found: dict[tuple, bool] = {}


def rum_available(alias: str = "default") -> bool:
    """Whether the RUM index is there (``CREATE EXTENSION rum`` worked and migration 0004 built
    it) and ``CANDLE_SEARCH_RUM`` allows it; looked up once per database and process."""
    from django.conf import settings

    if not getattr(settings, "CANDLE_SEARCH_RUM", True):
        return False
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _rum_found:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
            _rum_found[key] = bool(cursor.fetchone()[0])
    return _rum_found[key]


def rum_forget() -> None:
    """Look for the RUM index and the vocabulary again (after migrating, or in tests)."""
    _rum_found.clear()
    _lexemes_found.clear()


def _lexemes_available(alias: str) -> bool:
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _lexemes_found:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [LEXEMES_TABLE])
            _lexemes_found[key] = bool(cursor.fetchone()[0])
    return _lexemes_found[key]


def _after(prefix: str) -> str:
    """The first string past every string that starts with ``prefix`` (code point order, which
    is the vocabulary's: its column's collation is "C")."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefixes_spelt_out(text: str, alias: str = "default") -> str:
    """``text`` (a tsquery) with each prefix (``'봉사':*``) spelt out as the index's words that
    it covers (``('봉사' | '봉사자')``), read from the vocabulary (``LEXEMES_TABLE``, which
    holds every word of every index entry). The same matches and RUM's same scores (it scores a
    prefix as the OR of the words it covers); RUM reads an OR of words in its index's order,
    where a prefix made it collect and sort every item of every covered word first. A prefix
    covering no word or more than ``PREFIX_WORDS_MAX`` stays as it is."""
    prefixes = sorted(set(PREFIX_TERM.findall(text)))
    if not prefixes or not _lexemes_available(alias):
        return text
    limit = PREFIX_WORDS_MAX * len(prefixes) + 1

    def read() -> list[str]:
        ranges = " OR ".join(["(lexeme >= %s AND lexeme < %s)"] * len(prefixes))
        values = [bound for prefix in prefixes for bound in (prefix, _after(prefix))]
        with connections[alias].cursor() as cursor:
            # a constant table name and one range per prefix; every value is a parameter
            cursor.execute(
                f"SELECT lexeme FROM {LEXEMES_TABLE} WHERE {ranges} ORDER BY lexeme LIMIT %s",  # noqa: S608
                [*values, limit],
            )
            return [word for (word,) in cursor.fetchall()]

    # kept like the rankings (``search_kept``): every write to the index forgets it, so a word
    # newly indexed is never missing from a kept list
    name = connections[alias].settings_dict["NAME"]
    words = search_kept("search-prefixes", (name, prefixes, limit), read)

    def spelt(match: re.Match) -> str:
        prefix = match.group(1)
        covered = [word for word in words if word.startswith(prefix)]
        if (
            not covered
            or len(covered) > PREFIX_WORDS_MAX
            or len(words) > PREFIX_WORDS_MAX * len(prefixes)  # cut off: maybe not all of them
            or not all(WORD.fullmatch(word) for word in covered)
        ):
            return match.group(0)
        return "(" + " | ".join(f"'{word}'" for word in covered) + ")"

    return PREFIX_TERM.sub(spelt, text)


@dataclass(frozen=True)
class StatementParts:
    """A search's page filter (each allowed page's key as ``_candle_pk``) and its matching
    index entries' object ids, as Django compiled them, with their values."""

    pages_sql: str
    pages_params: tuple
    matched_sql: str
    matched_params: tuple


def _counted(parts: StatementParts) -> str:
    return COUNTED_BY_ENTRY.format(
        matched=parts.matched_sql, allowed=ALLOWED_ENTRY.format(pages=parts.pages_sql, entry="m")
    )


def rum_ranked_statement(compiler, config, start: int, stop: int | None) -> tuple[str, tuple]:
    """``RUM_RANKED_WITH_COUNT`` for ``compiler``'s search and the slice, and its values."""
    # a phrase's 11,929 matches at the bench (load 11): 434 ms with the hashed sets, 169 ms so
    parts = compiler.statement_parts(config)
    limit = None if stop is None else stop - (start or 0)
    text = compiler._tsquery_text()
    ranking = ranking_text(text)
    split, split_values = _split_check(text)
    content_types = compiler._content_types() or [0]
    statement = RUM_RANKED_WITH_COUNT.format(
        vector=RUM_VECTOR,
        tsquery=TSQUERY_SQL,
        ranking=TSQUERY_SQL,
        counted=_counted(parts),
        content_types=", ".join(["%s"] * len(content_types)),
        allowed=ALLOWED_ENTRY.format(pages=parts.pages_sql, entry="r"),
        split=split,
    )
    values = (
        *parts.matched_params,
        *parts.pages_params,
        count_limit(),
        ranking,
        *content_types,
        text,
        *split_values,
        *parts.pages_params,
        limit,
        start or 0,
    )
    return statement, values


def rum_window_statement(compiler, config, window: int) -> tuple[str, tuple]:
    """``RUM_WINDOW`` for ``compiler``'s search and its values."""
    parts = compiler.statement_parts(config)
    text = compiler._tsquery_text()
    ranking = ranking_text(text)
    split, split_values = _split_check(text)
    content_types = compiler._content_types() or [0]
    statement = RUM_WINDOW.format(
        vector=RUM_VECTOR,
        tsquery=TSQUERY_SQL,
        ranking=TSQUERY_SQL,
        counted=_counted(parts),
        content_types=", ".join(["%s"] * len(content_types)),
        allowed=ALLOWED_ENTRY.format(pages=parts.pages_sql, entry='"wagtailsearch_indexentry"'),
        split=split,
    )
    values = (
        ranking,
        *parts.matched_params,
        *parts.pages_params,
        count_limit(),
        *content_types,
        text,
        *split_values,
        *parts.pages_params,
        ranking,
        window + 1,
    )
    return statement, values


def _windowed(stop: int | None) -> bool:
    """Whether a window may answer: a slice with an end. (A phrase of several words, such as
    ``'인신' <-> '매매'``, had none while it was ranked as a phrase: ``ranking_text``.)"""
    return stop is not None


def first_rum_window(compiler, config, start: int, stop: int | None) -> tuple[str, tuple] | None:
    """The first window's statement for the slice, or None where no window is used."""
    if not _windowed(stop) or not RUM_WINDOWS:
        return None
    factor, extra = RUM_WINDOWS[0]
    return rum_window_statement(compiler, config, factor * stop + extra)


def rum_window_rows(
    compiler, config, start: int, stop: int | None, *, first: tuple | None = None
) -> list | None:
    """The rows ``RUM_RANKED_WITH_COUNT`` gives for the slice (object id, score, capped
    count), from a window of the best allowed matches in the index's order; None when no
    window holds the slice exactly. Every allowed match scoring better than the window's
    last score is in the window (the index gives them best first, each checked against the
    page filter before the limit), so its rows above that score, sorted by score and page
    id, are the ranking's first; the last score's tie may go on past the window and is
    cut off. ``first``: the first window's statement, already built."""
    if not _windowed(stop):
        return None
    for number, (factor, extra) in enumerate(RUM_WINDOWS):
        window = factor * stop + extra
        built = first if number == 0 and first is not None else None
        statement, values = built or rum_window_statement(compiler, config, window)
        with connections[compiler.queryset.db].cursor() as cursor:
            cursor.execute(statement, values)  # Django's compiled queries: all parameters
            rows = cursor.fetchall()
        if any(a[1] < b[1] for a, b in zip(rows, rows[1:], strict=False)):
            return None  # not best first as the index gave them: not a window to trust
        every_match = len(rows) <= window
        if not every_match:
            edge = rows[window - 1][1]
            rows = [row for row in rows[:window] if row[1] > edge]
        rows.sort(key=lambda row: (-row[1], -int(row[0])))
        if len(rows) >= stop or every_match:
            return rows[start:stop]
    return None
