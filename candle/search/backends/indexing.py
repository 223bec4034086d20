"""What both backends share: the indexer that analyses every value before it is stored."""

import contextlib
import contextvars
import hashlib
import types
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Case, Count, FloatField, Value, When, Window
from django.db.models.query import ModelIterable
from modelsearch.index import RelatedFields

from candle.core.compiled import _compiled, _from_db

from ..analysis import analyse_document, analyse_documents, analyse_query
from ..dictionary import user_dictionary_refresh

_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "candle_prefetched", default=None
)


class AnalysingIndexerMixin:
    def __init__(self, *args, **kwargs):
        user_dictionary_refresh()
        super().__init__(*args, **kwargs)

    def prepare_field(self, obj, field):
        """modelsearch walks every field once for the title, once for the body and once for
        autocomplete; Kiwi is the expensive part, so each (object, field) is analysed once and
        remembered for the other two walks (or taken from a batch, see ``with_indexer``), and
        a text two fields share (the title, a SearchField and an AutocompleteField of every
        page) is analysed once."""
        if isinstance(field, RelatedFields):  # the nested fields come back through this method
            yield from super().prepare_field(obj, field)
            return
        cache = self.__dict__.setdefault("_candle_analysed", {})
        key = (id(obj), id(field))
        if key not in cache:  # obj is kept in the entry so its id cannot be reused meanwhile
            batch = _prefetched.get() or {}
            if key in batch:
                cache[key] = batch[key]
            else:
                texts = self.__dict__.setdefault("_candle_texts", {})
                items = []
                for item in super().prepare_field(obj, field):
                    if item[-1] not in texts:
                        texts[item[-1]] = analyse_document(item[-1])
                    items.append((*item[:-1], texts[item[-1]]))
                cache[key] = (obj, items)
        yield from cache[key][1]

    @classmethod
    def analyse_batch(cls, objs, backend, analyse=None) -> dict:
        """Every top-level field of ``objs`` analysed in one Kiwi batch (spread over its threads,
        or over ``analyse``, e.g. ``update_index``'s worker processes):
        {(id(obj), id(field)): (obj, prepared items)}, read by ``prepare_field``."""
        raw, texts = cls.raw_batch(objs, backend)
        return cls.batch_assemble(raw, (analyse or analyse_documents)(texts))

    @classmethod
    def raw_batch(cls, objs, backend) -> tuple[list, list[str]]:
        """The fields of ``objs`` as modelsearch prepares them, not yet analysed, and their
        texts in order: the half of ``analyse_batch`` that reads the database."""
        base = cls.__mro__[
            cls.__mro__.index(AnalysingIndexerMixin) + 1
        ]  # modelsearch's own indexer
        raw = []
        for obj in objs:
            plain = base(obj, backend)
            for field in plain.search_fields:
                if not isinstance(field, RelatedFields):
                    raw.append((obj, field, list(plain.prepare_field(obj, field))))
        return raw, [item[-1] for _, _, items in raw for item in items]

    @staticmethod
    def batch_assemble(raw: list, analysed_texts) -> dict:
        """``raw_batch``'s fields with their analysed texts, as ``analyse_batch`` returns them."""
        analysed = iter(analysed_texts)
        return {
            (id(obj), id(field)): (obj, [(*item[:-1], next(analysed)) for item in items])
            for obj, field, items in raw
        }


@contextlib.contextmanager
def batch_prefetched(batch: dict):
    """Index writes inside this block take the analysed fields from ``batch`` (built by
    ``analyse_batch`` or ``raw_batch`` + ``batch_assemble``) instead of analysing them again."""
    token = _prefetched.set(batch)
    try:
        yield
    finally:
        _prefetched.reset(token)


def with_indexer(function, module, indexer_class):
    """``function`` (a modelsearch ``add_items``) running with ``indexer_class`` as its
    ``ObjectIndexer``: the same code, so upstream fixes still reach us, without copying it.
    With more than one object, their text is analysed first in one multi-threaded batch."""
    namespace = dict(module.__dict__, ObjectIndexer=indexer_class)
    original = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )

    def add_items(self, model, objs):
        objs = list(objs)
        if len(objs) < 2 or not model.get_search_fields() or _prefetched.get() is not None:
            # one object, or a batch already analysed by the caller (``batch_prefetched``)
            return original(self, model, objs)
        token = _prefetched.set(indexer_class.analyse_batch(objs, self.backend))
        try:
            return original(self, model, objs)
        finally:
            _prefetched.reset(token)

    add_items.indexer_class = indexer_class  # read by update_index
    return add_items


def ranked_rows_cached(alias: str, sql: str, params, run: Callable[[], list]) -> list:
    """``run()``'s rows (one page of ranked object ids and scores, with the count of all), kept
    in the data cache for ``CANDLE_SEARCH_RESULTS_SECONDS`` under the statement and its
    values, which decide them, until any language's search address is purged: every publish,
    unpublish, move or deletion does (candle.caching.purge), and so does every write to the
    index (``IndexWritesPurgeMixin``), a document's text extracted later included.

    Ranking is the cost of a search (every match is scored, so a common word costs the most),
    and the same words are asked again and again when a story breaks; a results page then
    renders from the kept ranking. Only ids, scores and the count are kept: the pages are read
    through the reader's page filter each time, so a page unpublished or made private in the
    meantime is never shown. Off when the value is 0 or the data cache is off."""
    # the statement and every value in it (the query's words among them): repr is exact for
    # the str, int and float values Django passes
    return search_kept("search-ranked", (alias, sql, tuple(params)), run)


def search_kept(name: str, key, compute: Callable):
    """``compute()``'s value kept in the data cache for ``CANDLE_SEARCH_RESULTS_SECONDS``
    under ``name`` and a digest of ``key`` (whose ``repr`` must name everything the value
    depends on), until any language's search address is purged; computed each time when the
    value is 0. The rankings, highlights and results pages of search are kept this way."""
    seconds = settings.CANDLE_SEARCH_RESULTS_SECONDS
    if seconds <= 0:
        return compute()
    from candle.caching.purge import search_addresses
    from candle.caching.store import cached_for_paths

    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return cached_for_paths(
        sorted(search_addresses()),
        f"{name}:{digest}",
        compute,
        timeout=seconds,
        # readers choose the keys: kept in the shared cache only, not in each worker's memory
        in_worker_memory=False,
    )


def search_results_forget() -> None:
    """Forget every kept search result (and cached search page) once the change commits."""
    from candle.caching.purge import search_addresses
    from candle.caching.services import page_cache_purge_paths

    page_cache_purge_paths(search_addresses())


class IndexWritesPurgeMixin:
    """For the index classes: any write to the index makes the kept results (and the cached
    search pages) stale, whatever caused it: a publish, ``update_index``, a user word's
    reindex, or a document's text extracted in the background."""

    def add_items(self, model, objs):
        result = super().add_items(model, objs)
        search_results_forget()
        return result

    def delete_item(self, item):
        result = super().delete_item(item)
        search_results_forget()
        return result

    def delete_stale_model_entries(self, model):
        result = super().delete_stale_model_entries(model)
        search_results_forget()
        return result

    def reset(self):
        result = super().reset()
        search_results_forget()
        return result


class TitleNormsDeferrableMixin:
    """For the index classes: ``update_index`` sets ``title_norms_deferred`` for its run.
    modelsearch refreshes the title norms of the new entries after every chunk it writes (an
    average over every entry, then an ``UPDATE`` of each entry whose norm is still the
    default: on SQLite a scan of the whole table, so a full run's cost grew with the square
    of its size), and the rebuild's last step (``full=True``) sets every entry's norm anyway;
    a stopped run refreshes its own before it ends (``update_index``), so no entry is left
    with the default norm."""

    title_norms_deferred = False

    def _refresh_title_norms(self, full=False):
        if full or not self.title_norms_deferred:
            super()._refresh_title_norms(full=full)


class RankedPagesMixin:
    """For query compilers that rank the index entries themselves (one statement, object ids
    and scores) and then read only the pages of the slice."""

    SCORE_DESCENDING = False  # SQLite's bm25: lower is better; PostgreSQL's ts_rank: higher

    def _pages(self, rows, score_field):
        """The pages of (object id, score) ``rows``, annotated with the score, in its order
        (ties by primary key, as modelsearch orders them)."""
        scores: dict = {}
        for object_id, score in rows:
            scores.setdefault(self.queryset.model._meta.pk.to_python(object_id), score)
        score_field = score_field or "_score"
        if not scores:
            return self.queryset.none()
        score = Case(
            *(When(pk=pk, then=Value(value)) for pk, value in scores.items()),
            output_field=FloatField(),
        )
        order = (f"-{score_field}", "-pk") if self.SCORE_DESCENDING else (score_field, "pk")
        return (
            self.queryset.filter(pk__in=list(scores))
            .annotate(**{score_field: score})
            .order_by(*order)
        )

    def _pages_listed(self, rows, score_field) -> list:
        """``_pages`` as a list: the same pages through the same filter, each with its score,
        in the same order, but sorted here rather than by the database on a ``CASE`` of every
        score, whose building cost more than the read (the results page's path)."""
        scores: dict = {}
        for object_id, score in rows:
            scores.setdefault(self.queryset.model._meta.pk.to_python(object_id), score)
        if not scores:
            return []
        score_field = score_field or "_score"
        pages = pages_by_keys(self.queryset, list(scores), self._page_filter_compiled())
        for page in pages:
            setattr(page, score_field, scores[page.pk])
        sign = -1 if self.SCORE_DESCENDING else 1
        return sorted(pages, key=lambda page: (sign * scores[page.pk], sign * page.pk))

    def _page_filter_compiled(self) -> tuple[str, tuple] | None:
        """The search's page filter as its statements compiled it (each allowed page's key as
        ``_candle_pk``) and its values, or None where none was compiled."""
        return None


# A slice's pages by their keys through the search's page filter: the model's row query as
# Django compiles it once per connection (``core.compiled``), its key's condition made a list
# of the slice's keys, each also among the page filter's (compiled once per search for its
# statements), restricted to those keys so no database reads every allowed page.
PAGES_BY_KEYS = (
    '{head} WHERE {key} IN ({keys}) AND {key} IN (SELECT p."_candle_pk" FROM ({pages}) p '
    'WHERE p."_candle_pk" IN ({keys}))'
)


def pages_by_keys(queryset, keys: list, page_filter: tuple[str, tuple] | None) -> list:
    """``list(queryset.filter(pk__in=keys).order_by())``: the same rows as the same instances
    (the ORM's converters, ``Model.from_db``), read without building and compiling a queryset
    for each search (a tenth of a cold results page's Python), where ``queryset`` is plain
    rows of its model (no related rows, annotations, deferred fields or prefetches) and its
    filter was compiled (``page_filter``); else by the queryset itself."""
    query = queryset.query
    compiled = None
    if (
        page_filter is not None
        and queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not query.select_related
        and not query.annotations
        and not query.extra
        and not query.deferred_loading[0]
        and query.deferred_loading[1]
    ):
        compiled = _compiled(queryset.model, queryset.db)
    head, _where, condition = compiled[0].rpartition(" WHERE ") if compiled else ("", "", "")
    if not head or not condition.endswith(" = %s") or " WHERE " in condition:
        return list(queryset.filter(pk__in=keys).order_by())
    sql, attnames, converters, compiler = compiled
    pages_sql, pages_params = page_filter
    marks = ", ".join(["%s"] * len(keys))
    statement = PAGES_BY_KEYS.format(
        head=head, key=condition[: -len(" = %s")], keys=marks, pages=pages_sql
    )
    with connections[queryset.db].cursor() as cursor:
        # Django's compiled queries and the keys: every value is a parameter
        cursor.execute(statement, (*keys, *pages_params, *keys))
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [_from_db(queryset.model, queryset.db, attnames, row) for row in rows]


class PagedResultsMixin:
    """Search results that can give one page and the number of all results together, which a
    backend may answer with a single query (``page_with_count``); the results page uses it."""

    # The backend's query compiler that ranks the matches itself, one page with the count of
    # all in one statement (``search_with_count``), when it can (``_ranks_itself``)
    ranked_compiler_class: type | None = None

    def page_with_count(self, start: int, stop: int) -> tuple[list, int]:
        compiler = self.query_compiler
        ranked = self.ranked_compiler_class
        if ranked is not None and isinstance(compiler, ranked) and compiler._ranks_itself():
            config = compiler.get_config(self.backend)
            pages, total = compiler.search_with_count(
                config, start, stop, score_field=self._score_field, listed=True
            )
            if total is None and start and stop is not None:
                # past the end, where no row carries the count: the first page's statement
                # has it (and is kept like this one), rather than a count of its own each time
                _first, total = compiler.search_with_count(
                    config, 0, stop - start, score_field=self._score_field, listed=True
                )
            if total is not None:
                return list(pages), total
        if not compiler.order_by_relevance:
            # Ordered by the pages' own columns (newest first): modelsearch's query for the
            # matching pages, with a window count, so the page and the count of all come from
            # one pass over the matches instead of two.
            pages = compiler.search(
                compiler.get_config(self.backend), None, None, score_field=self._score_field
            )
            rows = list(pages.annotate(**{_TOTAL: Window(Count("pk"))})[start:stop])
            if rows or not start:
                return rows, getattr(rows[0], _TOTAL) if rows else 0
        return list(self[start:stop]), self.count()


_TOTAL = "_candle_total"


# A query with no searchable word (only punctuation, emoji, control characters) asks for this
# token, which no real text contains, so it finds nothing instead of failing.
NOTHING_TOKEN = "zzznomatchzzz"  # noqa: S105 - not a password


@dataclass(frozen=True)
class QueryDialect:
    """How one database's full-text syntax spells what a query needs."""

    phrase: Callable[[list[str], bool], str]  # (tokens, prefix on the last) -> a phrase
    and_: str
    or_: str
    nothing: str  # an expression that matches no document


def query_expression(
    query_string: str,
    operator: str,
    *,
    dialect: QueryDialect,
    phrase: bool = False,
    prefix_last_any: bool = False,
) -> str:
    """The full-text expression for a reader's query, in ``dialect``: each word a phrase of its
    morphemes (prefix on a trailing Hangul morpheme) or, for a word Kiwi did not know, of its
    bigrams; words joined by AND (or OR). Only analysed tokens (word characters) reach it, so
    no query text can break out of the syntax."""
    user_dictionary_refresh()
    terms = analyse_query(query_string, prefix_last_any=prefix_last_any)
    if not terms:
        return dialect.nothing
    if phrase:
        tokens = [token for term in terms for token in term.tokens]
        return dialect.phrase(tokens, False) if tokens else dialect.nothing
    joiner = dialect.or_ if operator.lower() == "or" else dialect.and_
    parts = [
        dialect.phrase(term.bigrams, False) if term.bigrams else _term_expression(term, dialect)
        for term in terms
    ]
    return "(" + joiner.join(parts) + ")"


def _term_expression(term, dialect: QueryDialect) -> str:
    """A word's phrase, or any of its phrases when Kiwi splits its compound noun in more than
    one way (``QueryTerm.alternatives``)."""
    phrases = [dialect.phrase(tokens, term.prefix) for tokens in term.phrases()]
    return phrases[0] if len(phrases) == 1 else "(" + dialect.or_.join(phrases) + ")"
