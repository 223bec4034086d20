"""The PostgreSQL backend: analysed text in a ``simple`` tsvector (GIN), ranked by ts_rank."""

import re

from django.db import connections
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Phrase, PlainText

from .counting import CappedPagesMixin, count_limit, queryset_count_capped
from .indexing import (
    NOTHING_TOKEN,
    AnalysingIndexerMixin,
    IndexWritesPurgeMixin,
    QueryDialect,
    RankedPagesMixin,
    query_expression,
    ranked_rows_cached,
    search_kept,
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
    # Set by update_index for its run: modelsearch refreshes the title norms of the new
    # entries after every chunk (an UPDATE of each entry just written, with its indexes), and
    # the rebuild's last step refreshes every entry's anyway; a stopped run refreshes its own
    # (``update_index``), so no entry is left with the default norm.
    title_norms_deferred = False

    def _refresh_title_norms(self, full=False):
        if full or not self.title_norms_deferred:
            super()._refresh_title_norms(full=full)


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


# The declared scoring functions on PostgreSQL (docs/subsystems/search.md, "Ranking"):
# - with RUM: RUM's rank of the entry's title and body as one tsvector (``title || body``,
#   the title's lexemes weighted A, the body's C, as modelsearch writes them), the inverse of
#   ``rum_ts_distance`` (``<=>``). The RUM index (migration 0004) is built on that expression,
#   stores each lexeme's positions and returns the matches best first from the index, scored
#   without reading their rows (``ORDER BY vector <=> query LIMIT k``);
# - without RUM (GIN only): modelsearch's ts_rank of the title times its norm plus ts_rank of
#   the body, over every allowed match. RUM's rank is not ts_rank (up to 2x apart on the same
#   entry), so the two can order close matches differently; each is exact for its function.
RUM_VECTOR = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
RUM_INDEX = "candle_search_entry_rum"
TSQUERY_SQL = "to_tsquery('simple'::regconfig, %s)"

# One page of the ranked matches and the count of the allowed matches up to the cap. ``{entries}``
# are the matching index entries (``title @@ q OR body @@ q``, each column's GIN index) with
# their score; ``{matched}`` the same without it; ``{pages}`` the page filter (live, public,
# language, type ...) giving each allowed page's primary key, checked as a hashed set
# (``(id IN (pages)) IS TRUE`` keeps PostgreSQL from turning it into a join, which without
# statistics it planned as a nested loop ranking every match again per page: four minutes at
# 10,000 posts). All three are Django's compiled queries: every value is a parameter. The count
# stops at ``counting.count_limit()`` allowed matches.
# Without RUM (GIN only): every allowed match is scored with the same function, in a fenced
# subquery (OFFSET 0) that gives only object id and score, then checked against the page
# filter; the count reads the first ``counting.count_limit()`` of those same rows (the CTE is
# computed once for both), so it costs no second scan, then the best are kept.
RANKED_WITH_COUNT = (
    'WITH r AS (SELECT r."object_id", r."score" FROM ({entries} OFFSET 0) r '
    'WHERE (CAST(r."object_id" AS integer) IN (SELECT p."_candle_pk" FROM ({pages}) p)) IS TRUE) '
    'SELECT r."object_id", r."score", '
    '(SELECT COUNT(*) FROM (SELECT 1 FROM r LIMIT %s) c) AS "capped_count" FROM r '
    'ORDER BY r."score" DESC, CAST(r."object_id" AS integer) DESC LIMIT %s OFFSET %s'
)
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
    'SELECT "wagtailsearch_indexentry"."object_id", {vector} <=> {tsquery} AS "distance", '
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
    'SELECT "wagtailsearch_indexentry"."object_id", 1.0 / ({vector} <=> {tsquery}), '
    '({counted}) AS "capped_count" FROM "wagtailsearch_indexentry" '
    'WHERE "wagtailsearch_indexentry"."content_type_id" IN ({content_types}) '
    "AND {vector} @@ {tsquery} {split}"
    "AND {allowed} ORDER BY {vector} <=> {tsquery} LIMIT %s"
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
        ranked by relevance, the slice is cut by ``search_with_count``'s statement (the
        results page's and the API's search give the same pages in the same order)."""
        if not self._matches_itself():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if self._ranks_itself():
            return self.search_with_count(config, start or 0, stop, score_field)[0]
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    _rum_text: str | None = None

    def _tsquery_text(self) -> str:
        """The query as a tsquery for RUM's statements, its prefixes spelt out as the words
        they cover (``prefixes_spelt_out``); looked up once per search."""
        if self._rum_text is None:
            query = self.query
            text = self._expression(
                query.query_string,
                getattr(query, "operator", "and"),
                phrase=isinstance(query, Phrase),
            )
            self._rum_text = prefixes_spelt_out(text, self.queryset.db)
        return self._rum_text

    def _matched(self, config):
        """The matching index entries of the searched types (Django's query)."""
        search_query = self.build_tsquery(self.query, config=config)
        return pg.IndexEntry.objects.filter(
            # sorted: the same statement for the same search (the kept ranking's key)
            content_type_id__in=self._content_types()
        ).filter(Q(title=search_query) | Q(body=search_query))

    def _content_types(self) -> list[int]:
        return sorted(pg.get_descendants_content_types_pks(self.queryset.model))

    def ranked_statement(self, config, start: int, stop: int | None) -> tuple[str, tuple]:
        """The statement for one slice of the ranking with the capped count, and its values:
        RUM's when its index is there, else the GIN one; the same scores and order."""
        pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
        pages_sql, pages_params = pages.query.sql_with_params()
        matched = self._matched(config).order_by().values("object_id")
        matched_sql, matched_params = matched.query.sql_with_params()
        counted_params = (*matched_params, *pages_params, count_limit())
        limit = None if stop is None else stop - (start or 0)
        if rum_available(self.queryset.db):
            # a phrase's 11,929 matches at the bench (load 11): 434 ms with the hashed sets,
            # 169 ms so
            text = self._tsquery_text()
            split, split_values = _split_check(text)
            content_types = self._content_types() or [0]
            statement = RUM_RANKED_WITH_COUNT.format(
                vector=RUM_VECTOR,
                tsquery=TSQUERY_SQL,
                counted=COUNTED_BY_ENTRY.format(
                    matched=matched_sql, allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry="m")
                ),
                content_types=", ".join(["%s"] * len(content_types)),
                allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry="r"),
                split=split,
            )
            values = (
                *counted_params,
                text,
                *content_types,
                text,
                *split_values,
                *pages_params,
                limit,
                start or 0,
            )
            return statement, values
        entries = (
            self._matched(config)
            .annotate(
                score=self._build_rank_expression(
                    [(F("title"), F("title_norm")), (F("body"), 1.0)], config
                )
            )
            .order_by()
            .values("object_id", "score")
        )
        entries_sql, entries_params = entries.query.sql_with_params()
        statement = RANKED_WITH_COUNT.format(entries=entries_sql, pages=pages_sql)
        return statement, (
            *entries_params,
            *pages_params,
            count_limit(),
            limit,
            start or 0,
        )

    def rum_window_statement(self, config, window: int) -> tuple[str, tuple]:
        """``RUM_WINDOW`` for this search and its values."""
        pages = self.queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk")
        pages_sql, pages_params = pages.query.sql_with_params()
        matched = self._matched(config).order_by().values("object_id")
        matched_sql, matched_params = matched.query.sql_with_params()
        counted = COUNTED_BY_ENTRY.format(
            matched=matched_sql, allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry="m")
        )
        text = self._tsquery_text()
        split, split_values = _split_check(text)
        content_types = self._content_types() or [0]
        statement = RUM_WINDOW.format(
            vector=RUM_VECTOR,
            tsquery=TSQUERY_SQL,
            counted=counted,
            content_types=", ".join(["%s"] * len(content_types)),
            allowed=ALLOWED_ENTRY.format(pages=pages_sql, entry='"wagtailsearch_indexentry"'),
            split=split,
        )
        values = (
            text,
            *matched_params,
            *pages_params,
            count_limit(),
            *content_types,
            text,
            *split_values,
            *pages_params,
            text,
            window + 1,
        )
        return statement, values

    def rum_window_rows(self, config, start: int, stop: int | None) -> list | None:
        """The rows ``RUM_RANKED_WITH_COUNT`` gives for the slice (object id, score, capped
        count), from a window of the best allowed matches in the index's order; None when no
        window holds the slice exactly. Every allowed match scoring better than the window's
        last score is in the window (the index gives them best first, each checked against the
        page filter before the limit), so its rows above that score, sorted by score and page
        id, are the ranking's first; the last score's tie may go on past the window and is
        cut off."""
        if stop is None or "<->" in self._tsquery_text():
            # a phrase of several words (``'인신' <-> '매매'``): the index's order was not
            # the order of the scores computed on the rows at the bench (one query of 54)
            return None
        for factor, extra in RUM_WINDOWS:
            window = factor * stop + extra
            statement, values = self.rum_window_statement(config, window)
            with connections[self.queryset.db].cursor() as cursor:
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

    _rum_ordered = False

    def _pages(self, rows, score_field):
        pages = super()._pages(rows, score_field)
        if not self._rum_ordered or not rows:
            return pages
        # RUM's order as the index gave it (equal scores in the index's order, the same for
        # every slice size: the results page's slices and the API's agree)
        position = _positions(self.queryset.model, rows)
        order = Case(
            *(When(pk=pk, then=Value(index)) for pk, index in position.items()),
            output_field=IntegerField(),
        )
        return pages.annotate(_candle_position=order).order_by("_candle_position")

    def _pages_listed(self, rows, score_field) -> list:
        pages = super()._pages_listed(rows, score_field)
        if not self._rum_ordered:
            return pages
        position = _positions(self.queryset.model, rows)
        return sorted(pages, key=lambda page: position[page.pk])

    def search_with_count(self, config, start, stop, score_field=None, *, listed=False):
        """The pages of one slice, ranked by the declared score (highest first; RUM's or
        ts_rank's, see ``RUM_VECTOR``) over every allowed match, and the number of
        allowed matches up to the cap, from one statement (``ranked_statement``). The count is
        None when the slice is past the end (no row carries it)."""
        statement, values = self.ranked_statement(config, start, stop)
        self._rum_ordered = "<=>" in statement

        def full() -> list:
            with connections[self.queryset.db].cursor() as cursor:
                # Django's own compiled queries; every value goes in as a parameter
                cursor.execute(statement, values)
                return cursor.fetchall()

        def run() -> list:
            # with RUM, a window of the best from the index when it holds the slice exactly
            rows = self.rum_window_rows(config, start or 0, stop) if self._rum_ordered else None
            return full() if rows is None else rows

        # the full statement decides the rows (the same rows either way): the kept key
        rows = ranked_rows_cached(self.queryset.db, statement, values, run)
        total = rows[0][2] if rows else (0 if not start else None)
        pages = self._pages_listed if listed else self._pages
        return pages([row[:2] for row in rows], score_field), total

    def count_capped(self, config) -> int:
        """The allowed matches, counted up to ``counting.count_limit()``."""
        pages = self.queryset.order_by().values("pk")
        return queryset_count_capped(
            self._matched(config).filter(
                object_id__in=pages.annotate(_candle_key=Cast("pk", CharField())).values(
                    "_candle_key"
                )
            )
        )


def _positions(model, rows) -> dict:
    """{page id: its place in ``rows``} (the first place of each)."""
    position: dict = {}
    for object_id, _score in rows:
        position.setdefault(model._meta.pk.to_python(object_id), len(position))
    return position


class KoreanPostgresSearchResults(CappedPagesMixin, pg.PostgresSearchResults):
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
