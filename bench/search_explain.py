"""The statements a results page runs for a query, with PostgreSQL's EXPLAIN (ANALYZE, BUFFERS),
on a kept search-bench database: where a query's time goes in the database.

    DATABASE_URL=postgres://…/candle_searchbench_seed_<hash> \\
        uv run python -m bench.search_explain [--plans] 봉사 인권 'refugees'

Run with the production settings (``bench.search._env`` gives them). For each query: the
match count in the index, the results page's time (asked twice, the second timed) and, for
each statement it ran, its time; with ``--plans``, each statement's plan too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _explain(queries: list[str], plans: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.search import _match_count
    from candle.search.backends.indexing import query_expression
    from candle.search.backends.postgres import TSQUERY
    from candle.search.selectors import SearchFilters, results_page, search_pages

    def ask(query: str, language: str) -> None:
        page = results_page(search_pages(query=query, language_code=language, filters=filters), 1)
        list(page.object_list)

    filters = SearchFilters()
    for query in queries:
        language = "en" if query.isascii() else "ko"
        expression = query_expression(query, "and", dialect=TSQUERY)
        matches = _match_count(lambda q: query_expression(q, "and", dialect=TSQUERY), query)
        ask(query, language)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            ask(query, language)
            elapsed = (time.perf_counter() - started) * 1000
        print(f"== {query} ({language}) {expression}: {matches} matches, {elapsed:.1f} ms")
        for statement in captured.captured_queries:
            print(f"   {float(statement['time']) * 1000:7.1f} ms  {statement['sql'][:150]}")
            if plans and statement["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement["sql"])
                    for (line,) in cursor.fetchall():
                        print("      " + line)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    args = sys.argv[1:]
    show_plans = "--plans" in args
    _explain([a for a in args if a != "--plans"], show_plans)
