"""Search benchmark: 100,000 generated documents, Korean and English, on SQLite FTS5 and PostgreSQL.

What it measures, and how (bounded to a few minutes on two cores):

- **Kiwi memory**: the process's resident memory before and after Kiwi loads
  (``Kiwi(load_typo_dict=False, load_multi_dict=False)``, as the site loads it).
- **Index build rate** (documents/s on one core): the full analyser over a subset of
  ``--rate-docs`` whole documents (about 430 characters each, a short news post), plus the
  FTS5 insert. The 100,000-document index itself is then built from per-sentence analysis
  (documents are made of sentences drawn from a fixed pool, each analysed once), which keeps
  the run short; the token stream is the same the analyser gives, sentence by sentence.
- **Query latency** p50/p95 on the full 100,000 documents, for the labelled queries of
  ``candle/search/tests/labelled.py`` plus extra ones: the same query builder as the site's
  backend and the same statements its results page runs, with the site's connection settings
  (SQLite PRAGMAs, PostgreSQL work_mem), on the same table shapes (modelsearch's index entries
  and FTS5 table, a page table with the columns the filter reads). SQLite: the FTS5 matches
  joined to their index entries, each match's page looked up through the live/language page
  filter, bm25 with the title norm weighting the title column. PostgreSQL: the matching index entries (``simple``
  tsvectors, a GIN index each) ranked alone with ts_rank and modelsearch's weights, then
  checked against the page filter (a hashed set). Both: one page of 10 and the count of all
  matches in the same statement (a window count), then the ten pages. Django's own overhead
  (building the query, making model instances) is not included.

The SQLite database lives in a temporary folder; the PostgreSQL one (``candle_bench_search_<pid>``)
is dropped afterwards. PostgreSQL is skipped, saying so, when it does not answer on 127.0.0.1.

``python -m bench.search [--docs N]`` runs it alone.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DSN = "host=127.0.0.1 port=5432 user=postgres"
TARGETS = {"index_docs_per_s_per_core": 400, "sqlite_p50_ms": 15, "postgres_p50_ms": 30}

_KO_TEMPLATES = [
    "{a}에 대한 긴급 구호 활동을 {b}에서 시작했습니다.",
    "{a}의 학업을 돕는 장학금 신청을 {b}까지 받습니다.",
    "{a}에서 강제송환되었다는 소식에 {b}도 깊은 우려를 표합니다.",
    "{a}에 구금된 사람들의 실태를 {b}의 증언으로 기록했습니다.",
    "{a}을 수료한 사람들이 {b}에 정착하고 있습니다.",
    "{a}의 가치를 함께 배우는 {b} 교육이 열렸습니다.",
    "{a}에서 태어난 어르신의 증언을 {b}에서 들었습니다.",
    "{a}에 {b}의 청원을 제출했습니다.",
    "{a}를 위한 {b} 아카데미 참가자를 모집합니다.",
    "{a}에 대한 조사를 {b}와 함께 진행했습니다.",
    "{a}에서 {b}에 관한 결의안이 채택되었습니다.",
    "{a}의 자립을 돕도록 {b}에서 일자리와 상담을 지원했습니다.",
]
_EN_TEMPLATES = [
    "North Korean {a} in {b} face arrest and forced repatriation.",
    "Our programme helps {a} with {b}.",
    "The report documents {a} in {b}.",
    "Families of {a} submitted a petition about {b}.",
    "The {a} was presented to {b}.",
    "Volunteers joined a campaign on {a} and {b}.",
]
_KO_HEADS = [
    "북한",
    "탈북",
    "중국",
    "인권",
    "강제",
    "정치범",
    "국군",
    "이산",
    "납북",
    "여성",
    "청소년",
    "대학",
    "지역",
    "국제",
    "시민",
    "학교",
    "의료",
    "법률",
    "취업",
    "정착",
    "교육",
    "구호",
    "평화",
    "통일",
]
_KO_TAILS = [
    "난민",
    "청소년",
    "송환",
    "수용소",
    "가족",
    "여성",
    "단체",
    "교사",
    "연구소",
    "모임",
    "센터",
    "포럼",
    "상담",
    "지원",
    "기록",
    "증언",
    "캠페인",
    "보고서",
    "실태",
    "정책",
    "위원회",
    "협력",
    "재단",
    "사업",
]
_KO_SINGLE = [
    "하나원",
    "민주주의",
    "주의 사항",
    "북청",
    "NK인권",
    "WGEID",
    "제네바",
    "서울",
    "유엔",
    "함경남도",
    "구금시설",
    "인신매매",
    "자원봉사자",
    "기자회견",
    "토론회",
    "2019년",
    "2024년",
    "1996년",
]
_EN_WORDS = [
    "refugees",
    "defectors",
    "detention",
    "camps",
    "campaigners",
    "award",
    "war",
    "families",
    "abductees",
    "prisoners",
    "women",
    "children",
    "students",
    "volunteers",
    "reports",
    "crimes against humanity",
    "the COI",
    "the WGEID",
    "China",
    "Seoul",
    "Geneva",
    "2014",
    "2024",
    "human rights",
    "education",
    "resettlement",
    "testimony",
    "holding centres",
    "summer camp",
    "trafficking",
    "hunger",
    "schools",
]
POOL_SENTENCES = 4_000


def _sentence_pool(seed: int = 7) -> list[str]:
    """Sentences from templates with varied nouns, so a query matches a realistic share of
    the documents rather than most of them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    korean_nouns = [h + t for h in _KO_HEADS for t in _KO_TAILS] + _KO_SINGLE * 4
    pool = []
    for number in range(POOL_SENTENCES):
        if number % 4 == 3:
            pool.append(
                rng.choice(_EN_TEMPLATES).format(a=rng.choice(_EN_WORDS), b=rng.choice(_EN_WORDS))
            )
        else:
            pool.append(
                rng.choice(_KO_TEMPLATES).format(
                    a=rng.choice(korean_nouns), b=rng.choice(korean_nouns)
                )
            )
    return pool


_POOL: list[str] = []

QUERIES_EXTRA = [
    "북한 인권",
    "난민 구호",
    "정착 지원",
    "human rights",
    "forced repatriation",
    "납북가족",
    "인신매매",
    "국제협력",
    "유엔",
    "자원봉사자",
]


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


_KIWI_CHILD = """
import json, time
from pathlib import Path
def rss():
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
import kiwipiepy
before = rss()
t0 = time.perf_counter()
from kiwipiepy import Kiwi
kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
loaded = time.perf_counter() - t0
kiwi.tokenize('북한인권시민연합은 탈북청소년들의 교육을 돕습니다.')
first = time.perf_counter() - t0
print(json.dumps({'rss_before_mib': round(before), 'rss_with_kiwi_mib': round(rss()),
                  'kiwi_mib': round(rss() - before), 'load_s': round(loaded, 2), 'load_and_first_call_s': round(first, 2)}))
"""


def _kiwi_memory_in_child() -> dict:
    """Kiwi's resident memory, measured in a fresh process (this one may have Kiwi already)."""
    import json
    import subprocess
    import sys

    out = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", _KIWI_CHILD], capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _documents(count: int, seed: int = 1) -> list[tuple[str, list[int]]]:
    """(title sentence, body sentences) per document, as indexes into the sentence pool
    (three quarters Korean)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    size = POOL_SENTENCES
    return [
        (rng.randrange(size), [rng.randrange(size) for _ in range(rng.randint(8, 12))])
        for _ in range(count)
    ]


def _sentence(index: int) -> str:
    if not _POOL:
        _POOL.extend(_sentence_pool())
    return _POOL[index]


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def _queries() -> list[str]:
    from candle.search.tests.labelled import QUERIES

    return [q for q, _, _ in QUERIES] + QUERIES_EXTRA


def _fts5_expression(query: str) -> str:
    from candle.search.backends.indexing import query_expression
    from candle.search.backends.sqlite import FTS5

    return query_expression(query, "and", dialect=FTS5)


def _tsquery_expression(query: str) -> str:
    from candle.search.backends.indexing import query_expression
    from candle.search.backends.postgres import TSQUERY

    return query_expression(query, "and", dialect=TSQUERY)


# The page types' content type ids the site's query filters on (any ten ids: every generated
# index entry is a post's).
_CONTENT_TYPES = (37, 38, 40, 43, 44, 45, 46, 60, 62, 1)
_POST_TYPE = 38


def _page_rows(count: int):
    """(id, live, depth, locale_id, title, path, url_path, slug): nine in ten pages Korean."""
    for i in range(count):
        yield (
            i + 1,
            True,
            4,
            2 if i % 10 == 9 else 1,
            f"page {i + 1}",
            f"0001{i + 1:012d}",
            f"/ko/news/{i + 1}/",
            str(i + 1),
        )


def _title_norms(analysed: list[tuple[str, str]]) -> list[float]:
    """modelsearch's title_norm: the average title length over this title's length (tokens)."""
    lengths = [max(1, len(t.split())) for t, _ in analysed]
    average = sum(lengths) / len(lengths)
    return [average / n for n in lengths]


# What the site's SQLite backend asks for one results page (KoreanSQLiteSearchQueryCompiler.
# search_with_count): the FTS match joined to the index entries, each match's page looked up
# through the page filter of Page.objects.live().public() in the reader's language (EXISTS on
# the page's primary key), bm25 with the title norm, wrapped by the backend's own
# RANKED_WITH_COUNT; then the ten pages.
_SQLITE_MATCHES = (
    'SELECT "wagtailsearch_indexentry"."object_id" AS "index_entry__object_id", '  # noqa: S608 - constants
    'bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, "wagtailsearch_indexentry"."title_norm") AS "score" '
    'FROM "wagtailsearch_indexentry_fts" INNER JOIN "wagtailsearch_indexentry" '
    'ON ("wagtailsearch_indexentry_fts"."rowid" = "wagtailsearch_indexentry"."id") '
    "WHERE (wagtailsearch_indexentry_fts MATCH ? "
    f'AND "wagtailsearch_indexentry"."content_type_id" IN {_CONTENT_TYPES} '
    'AND EXISTS(SELECT 1 AS "a" FROM "wagtailcore_page" U0 WHERE (U0."live" AND U0."depth" > 1 '
    'AND U0."locale_id" = 1 AND U0."id" = ("wagtailsearch_indexentry"."object_id")) LIMIT 1))'
)
# The connection settings the site gives SQLite (candle/settings/base.py, init_command) and
# PostgreSQL (work_mem), so the statements run as they do on the site.
SQLITE_PRAGMAS = "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;"
PG_OPTIONS = "-c work_mem=32MB"
_PAGES_BY_ID = (
    "SELECT * FROM wagtailcore_page WHERE live AND depth > 1 AND locale_id = 1 AND id IN ({ids})"
)


def _bench_sqlite(analysed: list[tuple[str, str]], queries: list[str], rounds: int) -> dict:
    from candle.search.backends.sqlite import RANKED_WITH_COUNT

    ranked_sql = RANKED_WITH_COUNT.format(sql=_SQLITE_MATCHES).replace("%s", "?")
    with tempfile.TemporaryDirectory(prefix="candle-bench-search-") as folder:
        db = sqlite3.connect(Path(folder) / "search.sqlite3")
        db.executescript(SQLITE_PRAGMAS)
        # modelsearch's tables (index entries with their text, the FTS5 table on their rowid)
        # and the page columns the site's query reads
        db.executescript(
            """
            CREATE TABLE wagtailcore_page (id integer NOT NULL PRIMARY KEY, live bool NOT NULL,
                depth integer NOT NULL, locale_id integer NOT NULL, title varchar(255) NOT NULL,
                path varchar(255) NOT NULL, url_path text NOT NULL, slug varchar(255) NOT NULL);
            CREATE INDEX wagtailcore_page_locale_id ON wagtailcore_page (locale_id);
            CREATE TABLE wagtailsearch_indexentry (id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
                object_id varchar(50) NOT NULL, title_norm real NOT NULL,
                content_type_id integer NOT NULL, autocomplete text NULL, body text NULL,
                title text NOT NULL);
            CREATE UNIQUE INDEX wagtailsearch_indexentry_ct_object
                ON wagtailsearch_indexentry (content_type_id, object_id);
            CREATE INDEX wagtailsearch_indexentry_ct ON wagtailsearch_indexentry (content_type_id);
            CREATE VIRTUAL TABLE wagtailsearch_indexentry_fts USING fts5(autocomplete, body, title);
            """
        )
        db.executemany(
            "INSERT INTO wagtailcore_page VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _page_rows(len(analysed)),
        )
        norms = _title_norms(analysed)
        started = time.perf_counter()
        # the autocomplete column holds the title (Page's AutocompleteField), as on the site
        db.executemany(
            "INSERT INTO wagtailsearch_indexentry (id, object_id, title_norm, content_type_id, "
            "autocomplete, body, title) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (i + 1, str(i + 1), norms[i], _POST_TYPE, t, b, t)
                for i, (t, b) in enumerate(analysed)
            ),
        )
        db.executemany(
            "INSERT INTO wagtailsearch_indexentry_fts(rowid, title, body, autocomplete) VALUES (?, ?, ?, ?)",
            ((i + 1, t, b, t) for i, (t, b) in enumerate(analysed)),
        )
        db.commit()
        insert_s = time.perf_counter() - started
        samples, hits = [], {}
        # modelsearch's MatchExpression over the title and body columns
        expressions = {q: "{title body} : (" + _fts5_expression(q) + ")" for q in queries}
        for _ in range(rounds):
            for query, expression in expressions.items():
                t0 = time.perf_counter()
                rows = db.execute(ranked_sql, (expression, 10, 0)).fetchall()
                count = rows[0][2] if rows else 0
                ids = [int(r[0]) for r in rows]
                db.execute(
                    _PAGES_BY_ID.format(ids=",".join("?" * len(ids)) or "NULL"), ids
                ).fetchall()
                samples.append((time.perf_counter() - t0) * 1000)
                hits[query] = count
        db.close()
    return {
        "insert_s": round(insert_s, 1),
        **_percentiles(samples),
        "queries": len(expressions),
        "rounds": rounds,
        "zero_hit_queries": sorted(q for q, n in hits.items() if not n),
        "how": "the site's statement: FTS5 joined to the index entries, each match's page looked "
        "up through the page filter, bm25 with the title norm, one page of 10 with a window "
        "count, then the ten pages; the site's PRAGMAs",
    }


# What the site's PostgreSQL backend asks for one results page (KoreanPostgresSearchQueryCompiler.
# search_with_count): the backend's own RANKED_WITH_COUNT around the matching index entries
# ranked alone (title @@ q OR body @@ q, each on its GIN index; modelsearch's ts_rank with its
# weights and the title norm), checked against the page filter of Page.objects.live().public()
# in the reader's language, as Django compiles them; then the ten pages.
_PG_WEIGHTS = "{0.009900990099009901,0.009900990099009901,0.20792079207920794,1.0}"
_PG_QUERY = "to_tsquery('simple'::regconfig, %(q)s)"
_PG_ENTRIES = (
    'SELECT "wagtailsearch_indexentry"."object_id" AS "object_id", '  # noqa: S608 - constants
    f'((ts_rank((\'{_PG_WEIGHTS}\')::float4[], "wagtailsearch_indexentry"."title", {_PG_QUERY}) '
    '* "wagtailsearch_indexentry"."title_norm") '
    f'+ (ts_rank((\'{_PG_WEIGHTS}\')::float4[], "wagtailsearch_indexentry"."body", {_PG_QUERY}) * 1.0)) '
    'AS "score" FROM "wagtailsearch_indexentry" '
    f'WHERE ("wagtailsearch_indexentry"."content_type_id" IN {_CONTENT_TYPES} '
    f'AND ("wagtailsearch_indexentry"."title" @@ ({_PG_QUERY}) '
    f'OR "wagtailsearch_indexentry"."body" @@ ({_PG_QUERY})))'
)
_PG_PAGES = (
    'SELECT "wagtailcore_page"."id" AS "_candle_pk" FROM "wagtailcore_page" '
    'WHERE ("wagtailcore_page"."live" AND "wagtailcore_page"."depth" > 1 '
    'AND "wagtailcore_page"."locale_id" = 1)'
)


def _bench_postgres(analysed: list[tuple[str, str]], queries: list[str], rounds: int) -> dict:
    from candle.search.backends.postgres import RANKED_WITH_COUNT

    ranked_sql = RANKED_WITH_COUNT.format(entries=_PG_ENTRIES, pages=_PG_PAGES).replace(
        "LIMIT %s OFFSET %s", "LIMIT 10 OFFSET 0"
    )
    try:
        import psycopg

        admin = psycopg.connect(PG_DSN + " dbname=postgres", autocommit=True, connect_timeout=3)
    except Exception as error:  # noqa: BLE001 - the reason is reported, not hidden
        return {
            "skipped": f"PostgreSQL did not answer on 127.0.0.1:5432 ({error.__class__.__name__})"
        }
    name = f"candle_bench_search_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(PG_DSN + f" dbname={name}", options=PG_OPTIONS) as db:
            # modelsearch's index entry table (weighted simple tsvectors, a GIN index on each;
            # its plain-text mirrors for fuzzy search, which our indexer leaves empty) and the
            # page columns the query reads
            db.execute(
                "CREATE TABLE wagtailcore_page (id integer PRIMARY KEY, live boolean NOT NULL, "
                "depth integer NOT NULL, locale_id integer NOT NULL, title varchar(255) NOT NULL, "
                "path varchar(255) NOT NULL, url_path text NOT NULL, slug varchar(255) NOT NULL)"
            )
            db.execute("CREATE INDEX wagtailcore_page_locale_id ON wagtailcore_page (locale_id)")
            db.execute(
                "CREATE TABLE wagtailsearch_indexentry (id serial PRIMARY KEY, "
                "content_type_id integer NOT NULL, object_id varchar(50) NOT NULL, "
                "title_norm double precision NOT NULL, autocomplete tsvector, title tsvector, "
                "body tsvector, title_text text NOT NULL DEFAULT '', "
                "body_text text NOT NULL DEFAULT '', UNIQUE (content_type_id, object_id))"
            )
            db.execute("CREATE TEMP TABLE src (id integer, title text, body text, norm float8)")
            with (
                db.cursor() as cursor,
                cursor.copy(
                    "COPY wagtailcore_page (id, live, depth, locale_id, title, path, url_path, slug) FROM STDIN"
                ) as copy,
            ):
                for row in _page_rows(len(analysed)):
                    copy.write_row(row)
            norms = _title_norms(analysed)
            started = time.perf_counter()
            with (
                db.cursor() as cursor,
                cursor.copy("COPY src (id, title, body, norm) FROM STDIN") as copy,
            ):
                for i, (title, body) in enumerate(analysed):
                    copy.write_row((i + 1, title, body, norms[i]))
            db.execute(
                "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, "  # noqa: S608 - constants
                "autocomplete, title, body, title_text, body_text) "
                f"SELECT {_POST_TYPE}, id::varchar, norm, to_tsvector('simple', title), "
                "setweight(to_tsvector('simple', title), 'A'), "
                "setweight(to_tsvector('simple', body), 'C'), '', '' FROM src"
            )
            db.execute(
                "CREATE INDEX entry_autocomplete ON wagtailsearch_indexentry USING gin (autocomplete)"
            )
            db.execute("CREATE INDEX entry_title ON wagtailsearch_indexentry USING gin (title)")
            db.execute("CREATE INDEX entry_body ON wagtailsearch_indexentry USING gin (body)")
            db.commit()
            db.autocommit = True
            db.execute("VACUUM ANALYZE wagtailsearch_indexentry")
            db.execute("VACUUM ANALYZE wagtailcore_page")
            build_s = time.perf_counter() - started
            samples, zero = [], []
            expressions = {q: _tsquery_expression(q) for q in queries}
            for _ in range(rounds):
                for query, expression in expressions.items():
                    t0 = time.perf_counter()
                    rows = db.execute(ranked_sql, {"q": expression}).fetchall()
                    ids = [int(r[0]) for r in rows]
                    db.execute(
                        _PAGES_BY_ID.format(ids=",".join(["%s"] * len(ids)) or "NULL"), ids
                    ).fetchall()
                    samples.append((time.perf_counter() - t0) * 1000)
                    if not rows:
                        zero.append(query)
        return {
            "build_s": round(build_s, 1),
            **_percentiles(samples),
            "queries": len(expressions),
            "rounds": rounds,
            "zero_hit_queries": sorted(set(zero)),
            "how": "the site's statement: the matching index entries (title @@ q OR body @@ q) "
            "ranked alone (ts_rank with the title norm), checked against the page filter, one page of "
            "10 with a window count, then the ten pages; work_mem as the site sets it",
        }
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def run(report: dict, *, docs: int = 100_000, rate_docs: int = 500, rounds: int = 3) -> None:
    kiwi_memory = _kiwi_memory_in_child()
    from candle.search import analysis

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.dev")
    import django

    django.setup()

    plan = _documents(docs)
    # 1. the index rate through the full analyser, whole documents, one core
    subset = plan[:rate_docs]
    texts = [(_sentence(t), " ".join(_sentence(i) for i in body)) for t, body in subset]
    chars = sum(len(a) + len(b) for a, b in texts)
    # Kiwi's model is loaded (and its first call paid) before timing: that one-time cost is
    # reported apart (the memory line), and a worker pays it before it forks.
    analysis.analyse_document(_sentence(0))
    t0 = time.perf_counter()
    for title, body in texts:
        analysis.analyse_document(title)
        analysis.analyse_document(body)
    analyse_s = time.perf_counter() - t0
    rate = rate_docs / analyse_s

    # 2. the full set from per-sentence analysis
    analysed_sentences = [analysis.analyse_document(_sentence(i)) for i in range(POOL_SENTENCES)]
    analysed = [
        (analysed_sentences[t], " ".join(analysed_sentences[i] for i in body)) for t, body in plan
    ]
    queries = _queries()
    query_analyse = []
    for query in queries:
        t1 = time.perf_counter()
        analysis.analyse_query(query)
        query_analyse.append((time.perf_counter() - t1) * 1000)

    sqlite_result = _bench_sqlite(analysed, queries, rounds)
    postgres_result = _bench_postgres(analysed, queries, rounds)
    rss_end = _rss_mib()

    result = {
        "documents": docs,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "kiwi": {**kiwi_memory, "bench_process_rss_end_mib": round(rss_end)},
        "index_rate": {
            "documents": rate_docs,
            "avg_chars": round(chars / rate_docs),
            "docs_per_s_one_core": round(rate),
            "chars_per_s": round(chars / analyse_s),
            "target_docs_per_s_per_core": TARGETS["index_docs_per_s_per_core"],
            "how": "full analyser on whole documents (subset); insert rate below on the full set",
        },
        "query_analysis_ms": _percentiles(query_analyse),
        "sqlite": {
            **sqlite_result,
            "target_p50_ms": TARGETS["sqlite_p50_ms"],
            "insert_docs_per_s": round(docs / sqlite_result["insert_s"])
            if sqlite_result.get("insert_s")
            else None,
        },
        "postgres": {**postgres_result, "target_p50_ms": TARGETS["postgres_p50_ms"]},
    }
    report["search"] = result
    _print(result)


def _print(r: dict) -> None:
    k, ix, sq, pg = r["kiwi"], r["index_rate"], r["sqlite"], r["postgres"]
    print(
        f"  documents                      {r['documents']:>10,}   (load average {r['load_average_at_end']} on {r['cpus']} CPUs:"
        " figures taken while other work shares the machine are slower)"
    )
    print(
        f"  Kiwi memory (RSS)              {k['kiwi_mib']:>10} MiB  (a fresh Python process: {k['rss_before_mib']} → "
        f"{k['rss_with_kiwi_mib']} MiB; load {k['load_s']} s, + first call {k['load_and_first_call_s']} s)"
    )
    print(
        f"  index rate, one core           {ix['docs_per_s_one_core']:>10} docs/s  (target ≥ {ix['target_docs_per_s_per_core']};"
        f" {ix['avg_chars']} chars/doc, {ix['chars_per_s']:,} chars/s, measured on {ix['documents']:,} docs)"
    )
    print(f"  query analysis                 {r['query_analysis_ms']['p50_ms']:>10} ms p50")
    print(
        f"  SQLite FTS5 insert             {sq.get('insert_docs_per_s') or 0:>10,} docs/s (analysed text)"
    )
    print(
        f"  SQLite query p50 / p95         {sq['p50_ms']:>6} / {sq['p95_ms']} ms  (target p50 ≤ {sq['target_p50_ms']};"
        f" {sq['queries']} queries × {sq['rounds']})"
    )
    if "skipped" in pg:
        print(f"  PostgreSQL                     skipped: {pg['skipped']}")
    else:
        print(
            f"  PostgreSQL query p50 / p95     {pg['p50_ms']:>6} / {pg['p95_ms']} ms  (target p50 ≤ {pg['target_p50_ms']};"
            f" build {pg['build_s']} s)"
        )


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rate-docs", type=int, default=500)
    args = parser.parse_args()
    run({}, docs=args.docs, rate_docs=args.rate_docs)
