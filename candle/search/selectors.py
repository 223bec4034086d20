"""Reads for the public search page and its filters. Public pages only: live, without view
restrictions, in the reader's language unless they ask for both."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from candle.pages.models import BoardPage, PostPage, ReportPage

from .texts import result_texts, shown_names

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12


def query_clean(raw: str) -> str:
    """A query safe to analyse: printable characters only, spaces collapsed, bounded length
    and word count. Never raises; an unusable query comes back empty."""
    raw = unicodedata.normalize("NFC", raw or "")[: MAX_QUERY_CHARS * 5]
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    words = printable.split()[:MAX_QUERY_WORDS]
    return " ".join(words)[:MAX_QUERY_CHARS].strip()


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""  # "", "posts", "reports", "pages"
    board_id: int | None = None
    year: int | None = None
    order: str = "relevance"  # or "newest"
    both_languages: bool = False


def search_base_queryset(*, language_code: str, both_languages: bool = False) -> QuerySet[Page]:
    """Live public pages (the kept view restrictions, not a query for them each time), in the
    language asked for (found in the kept locales) unless both are asked for."""
    from candle.pages.selectors import locales_by_code, not_private

    pages = Page.objects.live().filter(not_private(), depth__gt=1)
    if not both_languages:
        locale = locales_by_code().get(language_code)
        if locale is not None:
            pages = pages.filter(locale_id=locale.pk)
    return pages


def search_pages(*, query: str, language_code: str, filters: SearchFilters):
    """Search results (lazy, sliceable) for the public page."""
    pages = search_queryset(language_code=language_code, filters=filters)
    if filters.order == "newest":
        return pages.order_by("-first_published_at").search(query, order_by_relevance=False)
    return pages.search(query)


def search_queryset(*, language_code: str, filters: SearchFilters) -> QuerySet[Page]:
    """The pages a search with these filters may find, whatever its words: live, public, in
    the language (``search_base_queryset``), of the type, board and year asked for."""
    pages = search_base_queryset(language_code=language_code, both_languages=filters.both_languages)
    if filters.kind == "posts":
        pages = pages.type(PostPage)
    elif filters.kind == "reports":
        pages = pages.type(ReportPage)
    elif filters.kind == "pages":
        pages = pages.not_type(PostPage, ReportPage)
    if filters.board_id is not None:
        board = BoardPage.objects.filter(pk=filters.board_id).first()
        if board is None:
            return pages.none()
        pages = pages.descendant_of(board)
    if filters.year is not None:
        in_year = Page.objects.filter(
            Q(postpage__date__year=filters.year) | Q(reportpage__year=filters.year)
        )
        pages = pages.filter(id__in=in_year.values("pk"))
    return pages


def search_filter_options(*, language_code: str) -> dict:
    """Boards and years for the filter form. The post years come from the board listing
    table's (board, year) index rather than every post's date; the answer is kept with the
    search page's cache entry, which every publish purges."""
    from candle.caching.store import cached_for_path
    from candle.pages.models import BoardListing

    def compute() -> dict:
        locale = Locale.objects.filter(language_code=language_code).first()
        every_board = list(
            BoardPage.objects.live()
            .public()
            .order_by("path")
            .values("id", "title", "url_path", "locale_id", "translation_key")
        )
        boards = [b for b in every_board if locale is None or b["locale_id"] == locale.pk]
        titles = {board["translation_key"]: board["title"] for board in boards}
        post_years = BoardListing.objects.order_by().values_list("year", flat=True).distinct()
        report_years = (
            ReportPage.objects.live().order_by().values_list("year", flat=True).distinct()
        )
        years = sorted({y for y in [*post_years, *report_years] if y}, reverse=True)
        return {
            "boards": [{"id": board["id"], "title": board["title"]} for board in boards],
            # what labels a post in the results: its board (its parent's address), named in
            # the reader's language where the board is translated
            "board_titles": {
                board["url_path"]: titles.get(board["translation_key"], board["title"])
                for board in every_board
            },
            "years": years,
        }

    return cached_for_path(f"/{language_code}/search/", "filter-options:v2", compute)


def search_results_for_display(
    *, results: list[Page], query: str, request=None, board_titles: dict | None = None
) -> list[dict]:
    """Each result with its type label, date and highlighted title and snippet.

    ``results`` are plain ``Page`` rows (as the search gives them): what a result shows comes
    from them, its type's label from its content type, a post's date and a report's year from
    one narrow read per type (with the snippet's text when the highlights are not kept:
    ``texts.result_texts``). A page is read whole, as its own type, only when its type routes
    itself (its address then comes from its own ``get_url``) or has a search field the narrow
    read does not know: reading ten posts whole, body and all, was a quarter of a results
    page."""
    from candle.pages.routing import page_class
    from candle.pages.selectors import locales_by_code
    from candle.pages.urls_fast import addressed_as_usual, page_url

    models = {result.content_type_id: page_class(result.content_type_id) for result in results}
    texts = _TextsOnce(results)
    marked = search_highlights(query=query, pages=results, texts=texts)
    if texts.read is not None:  # read for the highlights: the values are there
        shown = {pk: text.shown for pk, text in texts.read.items()}
    else:
        shown = _own_type_values(results, models)
    # a type that routes itself gives its address as itself (read whole: no type of this
    # site does)
    routed_itself = [r for r in results if not addressed_as_usual(models[r.content_type_id])]
    own = {p.pk: p for p in _as_own_types(routed_itself)}
    locales = {locale.pk: locale for locale in locales_by_code().values()}
    boards = board_titles or {}
    rows = []
    for page in results:
        if page.locale_id in locales:
            page.locale = locales[page.locale_id]
        title, snippet = marked[page.pk]
        board = (
            boards.get(page.url_path.rstrip("/").rpartition("/")[0] + "/")
            if (models[page.content_type_id] is PostPage)
            else None
        )
        values = shown.get(page.pk, {})
        rows.append(
            {
                "page": page,
                # the page itself, not its translation in the reader's language
                "url": own[page.pk].get_url(request=request)
                if page.pk in own
                else page_url(page, request),
                "title": title,
                "snippet": snippet,
                # a post is labelled by its board (its own language's board), other pages
                # by their type
                "kind": board or models[page.content_type_id]._meta.verbose_name,
                "date": values.get("date") or page.first_published_at,
                "year": values.get("year"),
            }
        )
    return rows


RESULTS_PER_PAGE = 10
# What a kept result keeps of its page (``search_results_shown``): what the results page
# shows of it and what a reader of ``rows`` may ask for; the rest is deferred, read if asked.
_KEPT_PAGE_FIELDS = (
    *("id", "title", "slug", "url_path", "locale_id", "content_type_id", "depth"),
    "latest_revision_id",
)
# What must be the same in the database for a kept result to be shown (``search_results_shown``)
_KEPT_PAGE_CHECKED = ("id", "title", "url_path", "locale_id", "latest_revision_id")


def results_page(results, number: int) -> DjangoPage:
    """Page ``number`` of ``results``; the backend gives the page and the number of results
    from one query where it can (``page_with_count``). The count follows the count rule
    (``backends.counting``): exact up to 1,000, else 1,000 with ``paginator.capped`` set, and
    only the pages within the cap exist. A number past the end gets the last page."""
    from .backends.counting import COUNT_CAP, capped

    paginator = Paginator(results, RESULTS_PER_PAGE)
    paginator.capped = False
    number = min(number, -(-COUNT_CAP // RESULTS_PER_PAGE))  # no page past the cap
    page_with_count = getattr(results, "page_with_count", None)
    if page_with_count is not None:
        start = (number - 1) * RESULTS_PER_PAGE
        rows, total = page_with_count(start, start + RESULTS_PER_PAGE)
        # a cached property: the paginator asks no count of its own
        paginator.count, paginator.capped = capped(total)
        if rows or number == 1:
            return DjangoPage(rows[: max(0, COUNT_CAP - start)], number, paginator)
        last = paginator.num_pages
        if last < number:  # past the end (an old link): the last page, asked the same way
            start = (last - 1) * RESULTS_PER_PAGE
            rows, _total = page_with_count(start, start + RESULTS_PER_PAGE)
            return DjangoPage(rows[: max(0, COUNT_CAP - start)], last, paginator)
    paginator.count, paginator.capped = capped(results.count())
    return paginator.get_page(number)


def search_results_shown(
    *,
    query: str,
    language_code: str,
    filters: SearchFilters,
    number: int,
    request=None,
    board_titles: dict | None = None,
) -> tuple[DjangoPage, list[dict]]:
    """Page ``number`` of the results for ``query`` (the paginator's page, its pages as
    ``object_list``) and each result as the page shows it (``search_results_for_display``).

    Kept in the data cache like the ranking and the highlights
    (``CANDLE_SEARCH_RESULTS_SECONDS``, under every language's search address, so every
    publish, unpublish, move, deletion, view restriction and index write forgets it), under
    the request's terms as the page reads them (site, language, cleaned words, filters, page
    number): what a results page shows, ready, rather than ranked ids from which the pages,
    their types' dates and their highlights are read again each time (four queries and most
    of the page's cost). A kept answer is shown only after one query finds every one of its
    pages still live, public, within the filters and as it was (title, address, language,
    revision): a page taken out of public view or changed by a way that purged nothing (an
    update in the database) is never shown from here; the results are then made afresh, as
    if nothing were kept."""
    from candle.pages.routing import site_for_request

    from .analysis import words_version
    from .backends.indexing import search_kept

    made_now: list[tuple[DjangoPage, list[dict]]] = []

    def compute() -> dict:
        results = search_pages(query=query, language_code=language_code, filters=filters)
        page = results_page(results, number)
        rows = search_results_for_display(
            results=list(page.object_list),
            query=query,
            request=request,
            board_titles=board_titles,
        )
        made_now.append((page, rows))
        return {
            "number": page.number,
            "count": page.paginator.count,
            "capped": page.paginator.capped,
            "rows": [
                {
                    **row,
                    "page": {  # in the model's order, as ``row_from_values`` needs them
                        field.attname: getattr(row["page"], field.attname)
                        for field in Page._meta.concrete_fields
                        if field.attname in _KEPT_PAGE_FIELDS
                    },
                    "title": str(row["title"]),
                    "snippet": str(row["snippet"]),
                    "kind": str(row["kind"]),  # a lazy name, in the language of the key
                }
                for row in rows
            ],
        }

    site = site_for_request(request) if request is not None else None
    terms = (site.pk if site else None, language_code, query, filters, number)
    kept = search_kept("search-shown", (terms, words_version()), compute)
    shown = {tuple(row["page"][name] for name in _KEPT_PAGE_CHECKED) for row in kept["rows"]}
    if shown and not made_now:
        still_shown = search_queryset(language_code=language_code, filters=filters)
        ids = [values[0] for values in shown]
        found = still_shown.filter(pk__in=ids).order_by().values_list(*_KEPT_PAGE_CHECKED)
        if set(found) != shown:
            compute()  # changed or gone with no purge (in the database): made afresh
    if made_now:  # made by this request: shown as made (the kept values give the same page)
        return made_now[-1]
    return _shown_from_kept(kept)


def _shown_from_kept(kept: dict) -> tuple[DjangoPage, list[dict]]:
    """A kept results page (plain data) as ``search_results_shown`` returns it."""
    from candle.caching.store import row_from_values
    from candle.pages.selectors import locales_by_code

    locales = {locale.pk: locale for locale in locales_by_code().values()}
    rows = []
    for row in kept["rows"]:
        page = row_from_values(Page, row["page"])
        if page.locale_id in locales:
            page.locale = locales[page.locale_id]
        # Kept as plain strings; every piece of them was escaped when they were made (snippets)
        title, snippet = mark_safe(row["title"]), mark_safe(row["snippet"])  # noqa: S308
        rows.append({**row, "page": page, "title": title, "snippet": snippet})
    paginator = Paginator([], RESULTS_PER_PAGE)
    paginator.count = kept["count"]
    paginator.capped = kept.get("capped", False)
    return DjangoPage([row["page"] for row in rows], kept["number"], paginator), rows


def _own_type_values(results: list[Page], models: dict) -> dict[int, dict]:
    """``{page id: {"date": …, "year": …}}`` from each type's own fields of those names:
    one narrow read per type that has any."""
    values: dict[int, dict] = {}
    for content_type_id, ids in _ids_by_type(results).items():
        model = models[content_type_id]
        names = shown_names(model)
        if names:
            for pk, *found in model.objects.filter(pk__in=ids).values_list("pk", *names):
                values[pk] = dict(zip(names, found, strict=True))
    return values


def _ids_by_type(pages: list[Page]) -> dict[int, list[int]]:
    """``{content type id: [page id, …]}`` of ``pages``, in their order."""
    by_type: dict[int, list[int]] = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    return by_type


class _TextsOnce:
    """``texts.result_texts(pages)``, read once when first asked for."""

    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.read: dict | None = None

    def __call__(self) -> dict:
        if self.read is None:
            self.read = result_texts(self.pages)
        return self.read


def _as_own_types(pages: list[Page]) -> list[Page]:
    """``pages`` as their own types, in the same order: one query per type found (each page
    carries its content type), not Wagtail's ``.specific()``, which asks for the types first.
    A page whose type's row is missing stays as it was."""
    from candle.pages.routing import page_class

    specific: dict[int, Page] = {}
    for content_type_id, ids in _ids_by_type(pages).items():
        model = page_class(content_type_id)
        specific.update((page.pk, page) for page in model.objects.filter(pk__in=ids))
    return [specific.get(page.pk, page) for page in pages]


def search_highlights(
    *, query: str, pages: list[Page], texts: Callable[[], dict] | None = None
) -> dict[int, tuple[SafeString, SafeString]]:
    """``{page id: (title, snippet)}``, the matched words marked, for ``pages`` (plain or as
    their own types). The snippet is cut from each page's text (``texts.result_texts``),
    from ``texts()`` when given (the caller's read, kept for its own use), else read here.

    Kept like the ranking (``CANDLE_SEARCH_RESULTS_SECONDS``, under the search addresses'
    tokens) for the query and these pages at their current revisions: reading each page's text
    (its body, its attachments' extracted text) and marking it was half of a results page.
    Nothing can make a kept answer wrong without forgetting it: a snippet is made from the same
    fields the page is indexed from, so whatever changes that text (a publish, a document's
    text extracted later, a user word) is a write to the index, which forgets the search
    addresses' tokens (``IndexWritesPurgeMixin``); the key names each page's revision and
    the user words' version besides."""
    from .analysis import words_version
    from .backends.indexing import search_kept

    def compute() -> dict[int, tuple[str, str]]:
        from .snippets import QueryMatcher, highlight, snippet

        read = texts() if texts is not None else result_texts(pages)
        matcher = QueryMatcher(query)
        return {
            page.pk: (
                str(highlight(page.title, matcher)),
                str(snippet(read[page.pk].text, matcher)),
            )
            for page in pages
        }

    if not pages:
        marked = compute()
    else:
        versions = sorted(
            (page.pk, page.latest_revision_id, str(page.last_published_at), page.title)
            for page in pages
        )
        marked = search_kept("search-marked", (query, words_version(), versions), compute)
    # Kept as plain strings; every piece of them was escaped when they were made (snippets)
    return {pk: (mark_safe(title), mark_safe(text)) for pk, (title, text) in marked.items()}  # noqa: S308
