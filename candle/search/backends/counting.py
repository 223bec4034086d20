"""The count rule of every public search (results page and API): exact up to ``COUNT_CAP``
allowed matches, "1,000+" beyond.

The count of a common word was as dear as its ranking: every allowed match counted, each
through the page filter. Counting stops at ``COUNT_CAP + 1`` allowed matches (a ``LIMIT``
inside the counting subquery), which is enough to say "more than 1,000"; the ranking still
scores every allowed match, so the top ten stays exact (``docs/subsystems/search.md``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from .indexing import PagedResultsMixin

COUNT_CAP = 1000


def count_limit() -> int:
    """How many allowed matches a count reads at most: one past the cap, to know it is passed."""
    return COUNT_CAP + 1


def capped(total: int) -> tuple[int, bool]:
    """(the count to show, whether it is capped) for a count read up to ``count_limit()``."""
    return (COUNT_CAP, True) if total > COUNT_CAP else (total, False)


def queryset_count_capped(queryset: QuerySet) -> int:
    """The rows of ``queryset``, counted up to ``count_limit()`` (``COUNT(*)`` of a subquery
    with a ``LIMIT``), never a full count."""
    return queryset.order_by()[: count_limit()].count()


class CappedPagesMixin(PagedResultsMixin):
    """Search results whose count follows the rule: ``page_with_count`` and ``count()``
    read at most ``count_limit()`` allowed matches (``capped()`` turns that into what is
    shown). Ranked by relevance, the backend's compiler ranks every allowed match and counts
    them up to the limit in one statement (``search_with_count``); newest first, the matching
    pages in date order and a capped count of them."""

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
        return list(self[start:stop]), self.count()

    def _do_count(self) -> int:
        """The number of results, read up to ``count_limit()`` (the count rule); modelsearch's
        ``count()`` keeps it."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        if hasattr(compiler, "count_capped") and compiler._ranks_itself():
            return compiler.count_capped(config)
        pages = compiler.search(config, None, None, score_field=self._score_field)
        if isinstance(pages, QuerySet):  # newest first: the matching pages, counted capped
            return queryset_count_capped(pages)
        return min(super()._do_count(), count_limit())
