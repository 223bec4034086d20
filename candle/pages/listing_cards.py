"""A listing's cards: the rows of a board (or of a language's boards) read by hand-written
SQL (``ListingQuery``) as plain ``PostCard`` objects, and the slice of them a Paginator shows
(``_ListingCards``). Split from ``selectors.py``, which keeps the other reads of the public
site and imports these names for its callers."""

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from candle.caching.store import cached_for_path

from . import selectors
from .models import BoardListing, BoardPage, Category, PostPage
from .urls_fast import page_url_parts


class PostCard:
    """What a listing card shows of a post (``post_cards`` in candle_tags), read as a plain row.

    A listing builds up to fifteen of these per request; as post page models (the ORM's query
    compiled, each row turned into a page model) they cost about half of an uncached board
    page. Its address comes from ``url_path`` by Wagtail's own rules: ``get_url`` is Wagtail's
    ``Page.get_url`` and the site lookups are Wagtail's, on this object."""

    live = True  # only live posts have listing rows

    def __init__(self, pk, title, url_path, date, pinned, summary, image_id=None):
        self.pk = self.id = pk
        self.image_id = image_id
        self.title = title
        self.url_path = url_path
        self.date = date
        self.pinned = pinned
        self.summary = summary
        self.listed_categories: list = []

    def __repr__(self) -> str:
        return f"<PostCard {self.pk}: {self.title}>"

    def get_url_parts(self, request=None):
        return page_url_parts(self, request)

    get_url = Page.get_url
    url = property(Page.get_url)
    _get_site_root_paths = Page._get_site_root_paths
    _get_relevant_site_root_paths = Page._get_relevant_site_root_paths


_CARDS_SQL: dict[
    tuple, str | tuple[str, str]
] = {}  # ListingQuery.cards' statements, by what shapes them


class ListingQuery:
    """Listing rows (``BoardListing``) as hand-written SQL: one board's rows pinned first then
    newest (``board_id``), or the newest rows of every board of a language (``locale_id``),
    optionally of one year and one category, without posts under a view restriction.

    ``board_listing_rows`` says the same through the ORM and stays the reference (feeds, filter
    options); ``tests/test_listing_query.py`` checks both give the same rows. Written out
    because compiling the ORM's queries and building page models cost more than the queries
    themselves: a board page's three queries took 3.7 ms of CPU through the ORM, 0.4 ms here.
    Every value is a parameter; names come from the models."""

    def __init__(
        self,
        *,
        board_id: int | None = None,
        locale_id: int | None = None,
        year: int | None = None,
        category_slug: str | None = None,
        using: str = "default",
    ):
        connection = connections[using]
        q = connection.ops.quote_name
        self.connection = connection
        self.newest_first = board_id is None  # the home page: newest of every board
        listing = q(BoardListing._meta.db_table)
        page = q(Page._meta.db_table)
        where, params = [], []
        if board_id is not None:
            where.append("l.board_id = %s")
            params.append(board_id)
        else:
            # A language's boards are a handful, found from the board table (not from every
            # page of the language). The rows are then read along the newest-first index
            # (``board_listing_newest``) until enough of those boards' rows are found, rather
            # than read board by board and all sorted: 3 ms -> 0.05 ms on SQLite, 6 -> 0.3 ms
            # on PostgreSQL at 10,000 posts. Each planner needs telling: SQLite by the unary
            # + (the board column then cannot pick the index), PostgreSQL by an array, whose
            # share of the rows it estimates sensibly (for ``IN (subquery)`` it guessed 6 rows
            # of 10,000 and sorted them all). The board's language is asked per board (a
            # scalar subquery, a key lookup each): as ``EXISTS``, PostgreSQL joined it and,
            # with no statistics on the small board table (autovacuum never analyses a table
            # of a few rows), hashed every page of the language first (2 ms at 10,000 posts).
            boards = (
                f"SELECT b.page_ptr_id FROM {q(BoardPage._meta.db_table)} b WHERE "  # noqa: S608
                f"(SELECT bp.locale_id FROM {page} bp WHERE bp.id = b.page_ptr_id) = %s"
            )
            if connection.vendor == "postgresql":
                where.append(f"l.board_id = ANY(ARRAY({boards}))")
            else:
                where.append(f"+l.board_id IN ({boards})")
            params.append(locale_id)
        # A listing of a board (or a language) alone, not of a year or a category: its
        # statement's plan does not depend on which board (``_cards_sql_postgresql``)
        self.unfiltered = not year and not category_slug
        if year:
            where.append("l.year = %s")
            params.append(year)
        if category_slug:
            through = PostPage.categories.through
            where.append(
                f"EXISTS (SELECT 1 FROM {q(through._meta.db_table)} pc "  # noqa: S608
                f"JOIN {q(Category._meta.db_table)} c ON c.id = pc.category_id "
                "WHERE pc.postpage_id = l.post_id AND c.slug = %s)"
            )
            params.append(category_slug)
        private = selectors.restricted_paths()
        if private:
            # a tree path is base-36 digits: compared as a prefix exactly (no LIKE, which is
            # case-blind on SQLite), like ``path__startswith``
            prefixes = " OR ".join("substr(pr.path, 1, %s) = %s" for _ in private)
            where.append(
                f"NOT EXISTS (SELECT 1 FROM {page} pr WHERE pr.id = l.post_id AND ({prefixes}))"  # noqa: S608
            )
            for path in private:
                params += [len(path), path]
        self.listing = listing
        self.page = page
        self.where = " AND ".join(where)
        self.params = params
        order = "l.date DESC, l.post_id DESC"
        self.order = order if self.newest_first else "l.pinned DESC, " + order

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            sql = f"SELECT COUNT(*) FROM {self.listing} l WHERE {self.where}"  # noqa: S608
            cursor.execute(sql, self.params)
            return cursor.fetchone()[0]

    def cards(self, offset: int, limit: int | None) -> list[tuple[int, PostCard]]:
        """(board id, card) for the rows ``[offset:offset + limit]``, in order, each card with
        its categories (``listed_categories``): the rows are picked on the listing index alone
        (an OFFSET skips index entries, not joined rows, so page 200 costs what page 1 does),
        then only they are joined to their posts, in the same statement."""
        key = (self.connection.alias, self.connection.vendor, self.where, self.order)
        sql = _CARDS_SQL.get(key)
        if sql is None:
            sql = _CARDS_SQL.setdefault(key, self._cards_sql())
        if isinstance(sql, tuple):  # PostgreSQL's: the slice written into the text
            head, tail = sql
            window = f"LIMIT {'ALL' if limit is None else int(limit)} OFFSET {int(offset)}"
            sql, params = f"{head}{window}{tail}", self.params
        else:
            limit = -1 if limit is None and self.connection.vendor == "sqlite" else limit
            params = [*self.params, limit, offset]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        aware = _aware_datetime(self.connection)
        labels = selectors.categories_by_id() if rows else {}
        order = {category_id: position for position, category_id in enumerate(labels)}
        found = []
        if self.connection.vendor == "postgresql":
            rows = _rows_of_arrays(rows)
        for board_id, pk, title, url_path, date, pinned, summary, ids, image_id in rows:
            card = PostCard(pk, title, url_path, aware(date), bool(pinned), summary, image_id)
            card.listed_categories = _labels_in_order(_ids_of(ids), labels, order)
            found.append((board_id, card))
        return found

    def _cards_sql(self) -> str | tuple[str, str]:
        """The statement of ``cards``, written once per connection, vendor, filters and order
        (``_CARDS_SQL``): the text is the same for every request with the same filters (on
        PostgreSQL, the text before and after its LIMIT and OFFSET)."""
        q = self.connection.ops.quote_name
        # (PostgreSQL's statement is ``_cards_sql_postgresql``; what follows is SQLite's.)
        # The rows are picked in a derived table of the columns the ordering index holds
        # (board, pinned, date, post), so skipping rows reads the index alone on both
        # databases. Written before as ``WHERE (key) IN (that subquery)`` joined back to the
        # listing, the statement had the listing twice and a semi-join: PostgreSQL spent
        # 1.3 ms planning it on every request, more than running it. Only the page table is
        # joined; the summary and the category ids are scalar subqueries of the fifteen rows
        # kept, and the date and pin are the row's own copies (what it is ordered by, kept
        # with the post by ``candle.pages.listings``). Joining the post table as well took
        # PostgreSQL's planning from 0.1 to 0.4 ms, and the categories, read by a second
        # statement until 2026-12-05, cost a round trip: 1.1 -> 0.6 ms a board page.
        through = PostPage.categories.through
        of_post = f"FROM {q(through._meta.db_table)} pc WHERE pc.postpage_id = l.post_id"
        if self.connection.vendor == "postgresql":
            head, tail = self._cards_sql_postgresql(q, f"ARRAY(SELECT pc.category_id {of_post})")
            return (head, tail) if self.unfiltered else f"{head}LIMIT %s OFFSET %s{tail}"
        category_ids = f"(SELECT group_concat(pc.category_id) {of_post})"  # "3,7"
        return (
            f"SELECT l.board_id, p.id, p.title, p.url_path, l.date, l.pinned, "  # noqa: S608
            f"(SELECT pp.summary FROM {q(PostPage._meta.db_table)} pp "
            f"WHERE pp.page_ptr_id = l.post_id), {category_ids}, "
            f"(SELECT pi.image_id FROM {q(PostPage._meta.db_table)} pi "
            f"WHERE pi.page_ptr_id = l.post_id) "
            f"FROM (SELECT l.board_id, l.post_id, l.pinned, l.date FROM {self.listing} l "
            f"WHERE {self.where} ORDER BY {self.order} LIMIT %s OFFSET %s) l "
            f"JOIN {self.page} p ON p.id = l.post_id "
            f"ORDER BY {self.order}"
        )

    def _cards_sql_postgresql(self, q, category_ids: str) -> tuple[str, str]:
        """PostgreSQL's statement of ``cards`` (the text before and after its LIMIT and
        OFFSET, which ``cards`` writes in as numbers): the same rows, with no join for its
        planner to weigh. The page's title and address come as one text array and the post's
        summary and image as another, each a key lookup per row kept (``_rows_of_arrays``).

        Why the slice is written into the text: with a LIMIT and an OFFSET as parameters,
        PostgreSQL's generic plan of the prepared statement assumes a tenth of the board is
        wanted and hash-joins every page, so it (rightly) never chose it and planned the
        statement afresh on every request, which cost more than running it. With the numbers
        in the text, the plan of a page asked again on a connection is generic after five
        asks, the same for every board, and is not planned again; a page asked once is planned
        as before. Board page 1 of the imported board: 0.32-0.40 ms planning and 0.15 ms
        running joined, 0.11-0.17 and 0.08-0.11 ms in this shape, about 0.02 ms planning once
        generic (EXPLAIN ANALYZE of the prepared statement, 2026-12-07)."""
        page = q(PostPage._meta.db_table)
        head = (
            f"SELECT l.board_id, l.post_id, "  # noqa: S608
            f"(SELECT ARRAY[p.title, p.url_path] FROM {self.page} p WHERE p.id = l.post_id), "
            f"l.date, l.pinned, "
            f"(SELECT ARRAY[pp.summary, pp.image_id::text] FROM {page} pp "
            f"WHERE pp.page_ptr_id = l.post_id), {category_ids} "
            f"FROM (SELECT l.board_id, l.post_id, l.pinned, l.date FROM {self.listing} l "
            f"WHERE {self.where} ORDER BY {self.order} "
        )
        return head, f") l ORDER BY {self.order}"


def _rows_of_arrays(rows):
    """PostgreSQL's card rows (``_cards_sql_postgresql``) in the shape of the SQLite
    statement's: (board, post, title, url_path, date, pinned, summary, category ids, image).
    A row whose page is gone is left out, as the join left it out."""
    for board_id, pk, page, date, pinned, post, ids in rows:
        if page is None:
            continue
        summary, image_id = post if post is not None else (None, None)
        image_id = None if image_id is None else int(image_id)
        yield board_id, pk, page[0], page[1], date, pinned, summary, ids, image_id


def _ids_of(value) -> list[int]:
    """The category ids of a card's row: a list (PostgreSQL's array), a comma-separated text
    (SQLite's ``group_concat``), or nothing."""
    if not value:
        return []
    if isinstance(value, str):
        return [int(part) for part in value.split(",")]
    return [int(part) for part in value]


def _labels_in_order(ids, labels: dict, order: dict) -> list:
    """The labels of ``ids`` that exist, in display order (``labels`` from ``_labels_by_id``)."""
    if len(ids) > 1:  # most posts have one category or none: nothing to order
        ids = sorted(ids, key=lambda pk: order.get(pk, len(order)))
    return [labels[pk] for pk in ids if pk in labels]


def _aware_datetime(connection):
    """What the ORM does to a datetime column's value (SQLite keeps them naive, in the
    connection's time zone)."""

    use_tz = settings.USE_TZ  # read once per listing, not once per row

    def convert(value):
        if isinstance(value, str):
            value = parse_datetime(value)
        if use_tz and value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, connection.timezone)
        return value

    return convert


class _ListingCards:
    """A board's listing as the Paginator sees it: counted, and a slice read as cards. The
    count of a board's whole listing is kept with the board's address (``cached_for_path``,
    purged with the board page itself) when ``count_path`` is given."""

    def __init__(self, query: ListingQuery, count_path: str | None = None):
        self.query = query
        self.count_path = count_path

    def count(self) -> int:
        if self.count_path is None:
            return self.query.count()
        return cached_for_path(self.count_path, "listing-count:v1", self.query.count)

    def __getitem__(self, key: slice) -> list[PostCard]:
        start = key.start or 0
        limit = None if key.stop is None else key.stop - start
        return [card for _board_id, card in self.query.cards(start, limit)]
