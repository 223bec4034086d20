"""Search bench: 100,000 posts of a Zipf corpus, the site's own search statement on SQLite and
PostgreSQL, per match-fraction group, and the full ``update_index`` that built the index.

What it measures, and how:

- **Corpus**: ``bench/search_corpus.py`` (how it is built and why it is fair is written there):
  100,000 posts, 80 % Korean on the Korean news board, 20 % English on the English one, whose
  most common content word matches about 15 % of them.
- **update_index**: the database is migrated, the site tree made, one real post saved through
  the ORM and then copied row by row (the page and post tables, each copy its own tree path,
  address, translation key and text), and the real ``manage.py update_index`` run on it, timed,
  with its default workers (one per core): ``report["search"]["update_index"] =
  {documents, seconds, workers}``. Target: 100,000 documents in <= 6 minutes.
- **Query latency**, per group: every bench query (words of every rank band of the
  vocabulary, two-word queries, the labelled set's queries) through what the results page asks
  the database for one page: ``selectors.search_pages`` (the reader's language, the live/public
  filter) and ``selectors.results_page`` (the ten rows and the count, by whatever rule the
  backend has), with ``CANDLE_SEARCH_RESULTS_SECONDS=0`` so that nothing is kept between
  asks; in a process of its own with the production settings (DEBUG off). Each query once to
  warm the database's cache and the analyser's memo of the query, then ``ROUNDS`` timed rounds.
  The queries are put in groups by the share of all documents that match them (counted in the
  index itself, not capped): rare < 0.5 %, medium 0.5–5 %, common >= 5 %. Per group:
  ``{p50_ms, p95_ms, match_fraction (the group's median), queries}`` at
  ``report["search"][db]["groups"]``; targets p50 <= 30 ms, p95 <= 100 ms.

Seeded databases are kept (var/bench/search-<hash>.sqlite3, PostgreSQL
``candle_searchbench_seed_<hash>``), keyed on the corpus, the migrations, the analyser and the
backends, so a second run measures without building 100,000 documents again; the update_index
figure then is the one measured when the database was built (its ``measured_at`` says when).
``CANDLE_BENCH_SEARCH_DOCS`` (100000), ``CANDLE_BENCH_SEARCH_REBUILD=1`` (build again) and
``CANDLE_BENCH_SEARCH_PG_PREFIX`` (the kept PostgreSQL databases' name prefix).

``python -m bench.search`` runs it alone. The machine's load average is reported with the
figures: other work on the machine makes them slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
DOCS = int(os.environ.get("CANDLE_BENCH_SEARCH_DOCS", "100000"))
REBUILD = os.environ.get("CANDLE_BENCH_SEARCH_REBUILD") == "1"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# only these are ever dropped; a session sharing the server gives its own prefix
PG_PREFIX = os.environ.get("CANDLE_BENCH_SEARCH_PG_PREFIX", "candle_searchbench_seed_")
ROUNDS = 3
# run alone (python -m bench.search): the figures so far written here after each database
PARTIAL = (
    Path(os.environ["CANDLE_BENCH_SEARCH_PARTIAL"])
    if os.environ.get("CANDLE_BENCH_SEARCH_PARTIAL")
    else None
)
SEED_VERSION = 1
TARGETS = {"p50_ms": 30, "p95_ms": 100, "update_index_seconds": 360}
GROUPS = (("rare", 0.0, 0.005), ("medium", 0.005, 0.05), ("common", 0.05, 1.01))


def _fingerprint() -> str:
    digest = hashlib.sha1(f"{DOCS}:{SEED_VERSION}".encode(), usedforsecurity=False)
    # what decides the stored rows: the schema, the indexer and the analyser, the corpus; not
    # the statements that read them (sqlite.py, postgres.py, counting.py), so changing how a
    # search is asked measures the same kept database instead of building it again
    files = sorted(ROOT.glob("candle/*/migrations/*.py"))
    files += [ROOT / "candle/search/backends" / name for name in ("indexing.py", "rum.py")]
    files += [ROOT / "candle/search/analysis.py", ROOT / "bench/search_corpus.py"]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _env(database_url: str) -> dict:
    from bench.web import _base_env

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = _base_env(BENCH_VAR)
    env.update(DATABASE_URL=database_url, CANDLE_SEARCH_RESULTS_SECONDS="0")
    return env


def _child(env: dict, *args: str, timeout: int = 7200) -> dict:
    """``python -m bench.search <args>`` in a Django process of its own; its last line (JSON)."""
    done = subprocess.run(  # noqa: S603 - our own module
        [str(PYTHON), "-m", "bench.search", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Building a database (in the child) --------------------------------------------------------


def _seed_child(docs: int) -> dict:
    """Migrate, make the site tree, copy ``docs`` posts, run update_index (timed)."""
    import uuid
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings
    from django.utils import timezone

    from bench.search_corpus import Corpus
    from candle.caching.services import page_cache_paused
    from candle.pages.listings import board_listings_rebuild
    from candle.pages.management.commands.seed_bulk import _post_create_fast
    from candle.pages.models import PostPage
    from candle.pages.services import page_statistics_refresh, site_tree_ensure
    from candle.search.management.commands.update_index import Command as UpdateIndex

    call_command("migrate", verbosity=0, interactive=False)
    corpus = Corpus()
    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    started = time.monotonic()
    with page_cache_paused(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
        trees = site_tree_ensure()
        boards = {language: trees[language].boards["news"] for language in ("ko", "en")}
        now = timezone.now()
        protos = {
            language: _post_create_fast(
                board=board,
                title="원형",
                slug=f"proto-{language}",
                date=now,
                summary="",
                body_html="<p>원형</p>",
                byline="",
                pinned=False,
                categories=[],
                work_areas=[],
            )
            for language, board in boards.items()
        }
        with connection.cursor() as cursor:
            rows = {}
            for language, proto in protos.items():
                cursor.execute("SELECT * FROM wagtailcore_page WHERE id = %s", [proto.pk])
                page_cols = [c[0] for c in cursor.description]
                page_row = dict(zip(page_cols, cursor.fetchone(), strict=True))
                cursor.execute("SELECT * FROM pages_postpage WHERE page_ptr_id = %s", [proto.pk])
                post_cols = [c[0] for c in cursor.description]
                post_row = dict(zip(post_cols, cursor.fetchone(), strict=True))
                rows[language] = (page_row, post_row)
            cursor.execute("SELECT max(id) FROM wagtailcore_page")
            next_id = cursor.fetchone()[0] + 1
        steps = dict.fromkeys(boards, 1)
        # the tables' own column names, read from the database: no outside value in the SQL
        page_sql = "INSERT INTO wagtailcore_page ({}) VALUES ({})".format(  # noqa: S608
            ", ".join(f'"{c}"' for c in page_cols), ", ".join(["%s"] * len(page_cols))
        )
        post_sql = "INSERT INTO pages_postpage ({}) VALUES ({})".format(  # noqa: S608
            ", ".join(f'"{c}"' for c in post_cols), ", ".join(["%s"] * len(post_cols))
        )

        def plain(value):
            return json.dumps(value) if isinstance(value, dict | list) else value

        for start in range(0, docs, 2000):
            pages, posts = [], []
            for number in range(start, min(start + 2000, docs)):
                language, title, body = corpus.document(number)
                board = boards[language]
                page_row, post_row = rows[language]
                steps[language] += 1
                page_id = next_id + number
                slug = f"z{number + 1}"
                date = now - timedelta(minutes=7 * (docs - number))
                page = {
                    **page_row,
                    "id": page_id,
                    "path": PostPage._get_path(board.path, board.depth + 1, steps[language]),
                    "title": title,
                    "draft_title": title,
                    "slug": slug,
                    "url_path": f"{board.url_path}{slug}/",
                    "translation_key": uuid.uuid4()
                    if connection.vendor == "postgresql"
                    else uuid.uuid4().hex,
                    "first_published_at": date,
                    "last_published_at": date,
                }
                summary = body.split(". ")[0][:140]
                post = {
                    **post_row,
                    "page_ptr_id": page_id,
                    "summary": summary,
                    "date": date.date() if hasattr(post_row.get("date"), "year") else date,
                    "body": json.dumps(
                        [{"type": "paragraph", "value": f"<p>{body}</p>", "id": str(uuid.uuid4())}]
                    ),
                }
                pages.append([plain(page[c]) for c in page_cols])
                posts.append([plain(post[c]) for c in post_cols])
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(page_sql, pages)
                cursor.executemany(post_sql, posts)
            print(f"  {min(start + 2000, docs):,}/{docs:,} posts copied", file=sys.stderr)
        for board in boards.values():
            board.numchild = PostPage.objects.filter(
                path__startswith=board.path, depth=board.depth + 1
            ).count()
            board.save(update_fields=["numchild"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
                    "(SELECT max(id) FROM wagtailcore_page))"
                )
        board_listings_rebuild()
        page_statistics_refresh()
    copied = time.monotonic() - started
    command = UpdateIndex()
    started = time.monotonic()
    call_command(command, verbosity=1)
    seconds = time.monotonic() - started
    page_statistics_refresh()
    return {
        "documents": command.indexed,
        "posts": docs,
        "seconds": round(seconds, 1),
        "workers": os.cpu_count(),
        "copy_seconds": round(copied, 1),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# --- Measuring (in the child) ------------------------------------------------------------------


def _match_count(expression_for, query: str) -> int:
    """Documents whose index entry matches ``query`` (title or body), counted in the index
    itself: no cap, no page filter."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM wagtailsearch_indexentry_fts "
                "WHERE wagtailsearch_indexentry_fts MATCH %s",
                ["{title body} : (" + expression_for(query) + ")"],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM wagtailsearch_indexentry WHERE title @@ "
                "to_tsquery('simple', %s) OR body @@ to_tsquery('simple', %s)",
                [expression_for(query)] * 2,
            )
        return cursor.fetchone()[0]


def _measure_child(rounds: int) -> dict:
    from django.db import connection

    from bench.search_corpus import Corpus
    from candle.pages.models import PostPage
    from candle.search.backends.indexing import query_expression
    from candle.search.selectors import SearchFilters, results_page, search_pages
    from candle.search.tests.labelled import QUERIES

    if connection.vendor == "sqlite":
        from candle.search.backends.sqlite import FTS5 as dialect
    else:
        from candle.search.backends.postgres import TSQUERY as dialect

    def expression_for(query: str) -> str:
        return query_expression(query, "and", dialect=dialect)

    queries = Corpus().queries() + [("ko", q) for q, _, _ in QUERIES]
    queries = list(dict.fromkeys(queries))
    documents = PostPage.objects.count()
    filters = SearchFilters()

    def ask(language: str, query: str) -> int:
        page = results_page(search_pages(query=query, language_code=language, filters=filters), 1)
        list(page.object_list)
        return page.paginator.count

    shown = {(language, q): ask(language, q) for language, q in queries}  # warm
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in queries}
    for _ in range(rounds):
        for key in queries:
            started = time.perf_counter()
            ask(*key)
            samples[key].append((time.perf_counter() - started) * 1000)
    return {
        "vendor": connection.vendor,
        "documents": documents,
        "queries": [
            {
                "language": language,
                "query": query,
                "matches": _match_count(expression_for, query),
                "count_shown": shown[(language, query)],
                "ms": [round(x, 2) for x in samples[(language, query)]],
            }
            for language, query in queries
        ],
    }


# --- The parent ------------------------------------------------------------------------------


def _pg(sql: str, database: str = "postgres") -> list:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{database}", autocommit=True, connect_timeout=3) as c:
        cursor = c.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _sqlite_database() -> tuple[str, dict]:
    import sqlite3

    template = BENCH_VAR / f"search-{_fingerprint()}.sqlite3"
    built = template.with_suffix(".json")
    if REBUILD or not (template.exists() and built.exists()):
        for old in BENCH_VAR.glob("search-*"):
            old.unlink()
        building = template.with_suffix(".building")
        url = f"sqlite:///{building}"
        print(
            f"  sqlite: building {DOCS:,} posts and their index (kept for later runs)…", flush=True
        )
        figures = _child(_env(url), "--seed", str(DOCS))
        with sqlite3.connect(building) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.rename(template)
        built.write_text(json.dumps(figures))
    return f"sqlite:///{template}", json.loads(built.read_text())


def _postgres_database() -> tuple[str, dict] | None:
    try:
        _pg("select 1")
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return None
    name = f"{PG_PREFIX}{_fingerprint()}"
    existing = {
        row[0]
        for row in _pg(f"select datname from pg_database where datname like '{PG_PREFIX}%'")  # noqa: S608 - a constant
    }
    figures_file = BENCH_VAR / f"pg-{name}.json"
    for old in existing - {name}:
        _pg(f'drop database if exists "{old}" with (force)')
    if REBUILD or name not in existing or not figures_file.exists():
        _pg(f'drop database if exists "{name}" with (force)')
        _pg(f'create database "{name}"')
        print(
            f"  postgres: building {DOCS:,} posts and their index (kept for later runs)…",
            flush=True,
        )
        try:
            figures = _child(_env(f"{PG_SERVER}/{name}"), "--seed", str(DOCS))
        except BaseException:
            _pg(f'drop database if exists "{name}" with (force)')
            raise
        _pg("vacuum analyze", database=name)
        for old in BENCH_VAR.glob("pg-*.json"):
            old.unlink()
        figures_file.write_text(json.dumps(figures))
    return f"{PG_SERVER}/{name}", json.loads(figures_file.read_text())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 2)


def _groups(measured: dict, fractions: dict | None = None) -> dict:
    """Per group: p50/p95 over every timed ask of its queries, the group's median match
    fraction and its number of queries. ``fractions`` (query -> fraction) puts a query in the
    same group on both databases (SQLite's count decides)."""
    total = measured["documents"] or 1
    grouped: dict[str, list[dict]] = {name: [] for name, _, _ in GROUPS}
    for row in measured["queries"]:
        fraction = (fractions or {}).get(row["query"], row["matches"] / total)
        if not row["matches"]:
            continue  # a query with no match measures nothing of ranking or counting
        for name, low, high in GROUPS:
            if low <= fraction < high:
                grouped[name].append({**row, "fraction": fraction})
    out = {}
    for name, rows in grouped.items():
        times = [ms for row in rows for ms in row["ms"]]
        if not times:
            out[name] = {"queries": 0}
            continue
        out[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": _percentile(times, 0.95),
            "match_fraction": round(statistics.median(r["fraction"] for r in rows), 4),
            "queries": len(rows),
            "slowest": max(rows, key=lambda r: max(r["ms"]))["query"],
        }
    return out


def _passes(groups: dict) -> bool:
    return all(
        g.get("p50_ms", 0) <= TARGETS["p50_ms"] and g.get("p95_ms", 0) <= TARGETS["p95_ms"]
        for g in groups.values()
    )


def run(report: dict) -> None:
    result: dict = {"documents": DOCS, "targets": TARGETS, "cpus": os.cpu_count()}
    report["search"] = result
    fractions = None
    for db, build in (("sqlite", _sqlite_database), ("postgres", _postgres_database)):
        built = build()  # each database built (once) and measured before the next is built
        if built is None:
            result[db] = {"skipped": "PostgreSQL did not answer on 127.0.0.1:5432"}
            continue
        url, figures = built
        result.setdefault("update_index", {})[db] = figures
        measured = _child(_env(url), "--measure", str(ROUNDS))
        total = measured["documents"] or 1
        if fractions is None:
            fractions = {row["query"]: row["matches"] / total for row in measured["queries"]}
        groups = _groups(measured, fractions)
        result[db] = {
            "groups": groups,
            "passes": _passes(groups),
            "rounds": ROUNDS,
            "zero_hit_queries": sorted(r["query"] for r in measured["queries"] if not r["matches"]),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "how": "selectors.search_pages + results_page (ten rows and the count), nothing kept",
        }
        if PARTIAL:
            PARTIAL.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    # the figure the issue asks for: SQLite's (the embedded default); PostgreSQL's beside it
    sqlite_build = result["update_index"].get("sqlite", {})
    result["update_index"] = {
        "documents": sqlite_build.get("documents"),
        "seconds": sqlite_build.get("seconds"),
        "workers": sqlite_build.get("workers"),
        "target_seconds": TARGETS["update_index_seconds"],
        "by_database": result["update_index"],
    }
    _print(result)


def _print(r: dict) -> None:
    ui = r["update_index"]
    print(f"  load average {os.getloadavg()[0]:.2f} on {r['cpus']} CPUs (shared machine: noisy)")
    for db, figures in ui["by_database"].items():
        # the target is for 100,000 documents: a smaller run is scaled (linearly) to it
        scaled = figures["seconds"] * 100_000 / max(1, figures["documents"])
        ok = "pass" if scaled <= TARGETS["update_index_seconds"] else "FAIL"
        print(
            f"  update_index {db:<8} {figures['documents']:>8,} docs in {figures['seconds']:>6} s"
            f" ({figures['workers']} workers; {scaled:,.0f} s for 100,000, target ≤"
            f" {TARGETS['update_index_seconds']} s: {ok}; measured {figures['measured_at']},"
            f" load {figures['load_average'][0]})"
        )
    for db in ("sqlite", "postgres"):
        if db not in r or "groups" not in r[db]:
            print(f"  {db}: {r.get(db, {}).get('skipped', 'not measured')}")
            continue
        for name, g in r[db]["groups"].items():
            if not g.get("queries"):
                print(f"  {db:<8} {name:<7} no query in this group")
                continue
            ok = (
                "pass"
                if g["p50_ms"] <= TARGETS["p50_ms"] and g["p95_ms"] <= TARGETS["p95_ms"]
                else "FAIL"
            )
            print(
                f"  {db:<8} {name:<7} p50 {g['p50_ms']:>7} ms  p95 {g['p95_ms']:>7} ms  "
                f"match {g['match_fraction'] * 100:5.2f} %  {g['queries']:>3} queries  "
                f"(target p50 ≤ {TARGETS['p50_ms']}, p95 ≤ {TARGETS['p95_ms']}: {ok})"
            )


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, help="(child) build a database of N posts")
    parser.add_argument("--measure", type=int, help="(child) measure, N rounds")
    args = parser.parse_args()
    if args.seed:
        _django()
        print(json.dumps(_seed_child(args.seed)))
    elif args.measure:
        _django()
        print(json.dumps(_measure_child(args.measure)))
    else:
        sys.path.insert(0, str(ROOT))
        run({})
