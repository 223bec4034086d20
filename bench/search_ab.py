"""A/B of the ranked statement on a kept search-bench database: the window (the statement the
site runs) against the full statement (every allowed match filtered, then ranked), each
query asked both ways in turn, so the machine's load falls on both alike. Also checks, at
scale, that both give the same pages and the same count for every query (the window is exact
or not used).

    DATABASE_URL=sqlite:///var/bench/search-<hash>.sqlite3 \\
        uv run python -m bench.search_ab [rounds]

Run with the production settings (``bench.search._env`` gives them). Prints one JSON line:
per group (as ``bench/search.py``'s), the median and p95 of each way and their ratio.

``CANDLE_BENCH_AB=prefixes`` (PostgreSQL with RUM) compares another pair the same way: RUM's
statements with a query's prefixes spelt out as the words they cover
(``rum_statements.prefixes_spelt_out``) and without the title-or-body check where it changes nothing
(``rum_statements.SPLIT_OPERATORS``), "window" in the output, against both as before ("full").
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ab(rounds: int) -> dict:
    from django.db import connection

    from bench.search import GROUPS, _match_count
    from bench.search_corpus import Corpus
    from candle.pages.models import PostPage
    from candle.search.backends.indexing import query_expression
    from candle.search.selectors import SearchFilters, results_page, search_pages

    if connection.vendor == "sqlite":
        from candle.search.backends import sqlite_window as module
        from candle.search.backends.sqlite import FTS5 as dialect

        name = "WINDOWS"
    else:
        from candle.search.backends import rum_statements as module
        from candle.search.backends.postgres import TSQUERY as dialect

        name = "RUM_WINDOWS"
    # (module attribute, its value for the first way, for the second)
    pairs = [(name, getattr(module, name), ())]
    if os.environ.get("CANDLE_BENCH_AB") == "prefixes":
        pairs = [
            ("PREFIX_WORDS_MAX", module.PREFIX_WORDS_MAX, 0),
            ("SPLIT_OPERATORS", module.SPLIT_OPERATORS, ("",)),  # "" is in every query
        ]
    queries = list(dict.fromkeys(Corpus().queries()))
    documents = PostPage.objects.count()
    filters = SearchFilters()

    def ask(language: str, query: str, window: bool) -> tuple[list, int, float]:
        for attribute, first, second in pairs:
            setattr(module, attribute, first if window else second)
        started = time.perf_counter()
        page = results_page(search_pages(query=query, language_code=language, filters=filters), 1)
        shown = [result.pk for result in page.object_list]
        elapsed = (time.perf_counter() - started) * 1000
        return shown, page.paginator.count, elapsed

    rows = []
    different = []
    for key in queries:
        ask(*key, True)  # warm the analyser's memo and the database's cache
        ask(*key, False)
        times = {True: [], False: []}
        for number in range(rounds):
            answers = {}
            for window in (True, False) if number % 2 == 0 else (False, True):
                shown, count, ms = ask(*key, window)
                answers[window] = (shown, count)
                times[window].append(ms)
            if answers[True] != answers[False]:
                different.append(key[1])
        matches = _match_count(lambda q: query_expression(q, "and", dialect=dialect), key[1])
        rows.append({"query": key[1], "fraction": matches / max(1, documents), **times})
    for attribute, first, _second in pairs:
        setattr(module, attribute, first)
    groups = {}
    for group, low, high in GROUPS:
        chosen = [row for row in rows if low <= row["fraction"] < high and row["fraction"]]
        if not chosen:
            continue
        window = statistics.median(ms for row in chosen for ms in row[True])
        full = statistics.median(ms for row in chosen for ms in row[False])
        groups[group] = {
            "queries": len(chosen),
            "window_p50_ms": round(window, 2),
            "full_p50_ms": round(full, 2),
            "window_p95_ms": _p95([ms for row in chosen for ms in row[True]]),
            "full_p95_ms": _p95([ms for row in chosen for ms in row[False]]),
            "full_over_window": round(full / window, 2),
            "slowest": {
                way: sorted(
                    ((round(statistics.median(row[key]), 1), row["query"]) for row in chosen),
                    reverse=True,
                )[:4]
                for way, key in (("window", True), ("full", False))
            },
        }
    return {
        "vendor": connection.vendor,
        "documents": documents,
        "rounds": rounds,
        "groups": groups,
        "queries": len(rows),
        "different_results": different,
        "load_average": [round(x, 2) for x in __import__("os").getloadavg()],
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(_ab(int(sys.argv[1]) if len(sys.argv) > 1 else 4)))
