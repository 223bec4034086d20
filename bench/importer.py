"""Importer benchmark: a generated 10,000-post GnuBoard board → Candle, posts per second.

A throw-away MariaDB database (``candle_bench_g5_<pid>``) gets GnuBoard5's board tables and
one board of 10,000 posts shaped like GnuBoard's (SmartEditor HTML of about 1,200 characters,
categories, 5 % replies, 2,000 comments, 2 notices, links). The import runs in a child process
against a fresh SQLite database in a temporary folder, search index included; the MariaDB
database and the folder are removed afterwards. Target: 10,000 posts in under 2 minutes.

``python -m bench.importer [--posts N]`` runs it alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from candle.importers.gnuboard_schema import SCHEMA, write_table

ROOT = Path(__file__).resolve().parents[1]
HOST, PORT, USER = "127.0.0.1", 3306, "root"
TARGET_SECONDS = 120

# GnuBoard's tables as the import tests build them, with one board ("bulk").
_SCHEMA = [*SCHEMA, write_table("bulk")]

_SENTENCES = [
    "지역 인권센터는 올해 상반기에만 이백 건이 넘는 상담을 받았습니다.",
    "이주노동자의 사업장 변경 제한은 여전히 가장 많이 접수되는 고충입니다.",
    "청소년 인권교육 수업에는 열두 개 학교의 학생들이 함께했습니다.",
    "자원활동가 여러분의 도움으로 거리 캠페인을 무사히 마쳤습니다.",
    "시의회에 제출한 의견서의 전문은 자료실에서 내려받을 수 있습니다.",
    "장애인 이동권 예산이 줄어들지 않도록 예산 심의 과정을 지켜보겠습니다.",
    "토론회 발제문과 녹취록을 정리하여 회원 여러분께 보내 드렸습니다.",
    "난민 심사 절차의 투명성을 높이기 위한 공동 성명에 서른 개 단체가 참여했습니다.",
    "Our volunteers answered questions from visitors in five languages.",
    "후원 회원 여러분께 올해 활동 보고서를 우편으로 발송했습니다.",
]
_CATEGORIES = ["성명", "보도", "캠페인"]
_NAMES = ["사무국", "김가명", "이예시", "박테스트"]


def _post_html(rng: random.Random) -> str:
    paragraphs = []
    length = 0
    target = rng.randint(700, 1900)
    while length < target:
        text = " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.1:
            text = f"<strong>{text}</strong>"
        paragraphs.append(f"<p>{text}</p>")
        length += len(text)
    if rng.random() < 0.05:
        paragraphs.append('<p><span style="color:#333">문의: 사무국 000-0000-0000</span></p>')
    return "".join(paragraphs)


def generate(connection, *, posts: int, seed: int = 1) -> dict:
    """Fill the empty database with one board of ``posts`` posts plus comments."""
    rng = random.Random(seed)  # noqa: S311 - made-up posts, not secrets
    with connection.cursor() as cursor:
        for statement in _SCHEMA:
            cursor.execute(statement)
        cursor.execute(
            "INSERT INTO g5_member (mb_id, mb_nick) VALUES ('admin', '사무국'), ('staff_kim', '김가명')"
        )
        start = datetime(2012, 1, 1, 9, 0, 0)
        rows, comments = [], []
        wr_id = 0
        thread_of: list[tuple[int, int, str]] = []
        for number in range(1, posts + 1):
            wr_id += 1
            when = start + timedelta(minutes=number * 60 * 6)
            subject = f"{rng.choice(['[성명]', '[보도]', '[캠페인]', ''])} {rng.choice(_SENTENCES)[:40]} ({number})".strip()
            is_reply = thread_of and rng.random() < 0.05
            if is_reply:
                parent_id, wr_num, reply = rng.choice(thread_of[-200:])
                if len(reply) >= 3:
                    is_reply = False
            if is_reply:
                reply = reply + "A"
                subject = "Re: " + subject
            else:
                wr_num, reply = -number, ""
            thread_of.append((wr_id, wr_num, reply))
            rows.append(
                (
                    wr_id,
                    wr_num,
                    reply,
                    wr_id,
                    0,
                    0,
                    "",
                    rng.choice(_CATEGORIES),
                    "html1",
                    subject[:255],
                    _post_html(rng),
                    "",
                    f"https://news.example.com/a/{number}" if rng.random() < 0.1 else "",
                    "",
                    rng.randint(0, 400),
                    "admin",
                    rng.choice(_NAMES),
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                    0,
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                )
            )
        for _ in range(posts // 5):
            parent = rng.randint(1, posts)
            wr_id += 1
            when = start + timedelta(minutes=parent * 360 + rng.randint(10, 5000))
            comments.append(
                (
                    wr_id,
                    -parent,
                    "",
                    parent,
                    1,
                    1,
                    "",
                    "",
                    "",
                    "",
                    "좋은 소식 고맙습니다. 함께하겠습니다.",
                    "",
                    "",
                    "",
                    0,
                    "",
                    "지나가는방문객",
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                    0,
                    "",
                )
            )
        insert = (
            "INSERT INTO g5_write_bulk (wr_id, wr_num, wr_reply, wr_parent, wr_is_comment, wr_comment, "
            "wr_comment_reply, ca_name, wr_option, wr_subject, wr_content, wr_seo_title, wr_link1, wr_link2, "
            "wr_hit, mb_id, wr_name, wr_datetime, wr_file, wr_last) VALUES "
            "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
        )
        for chunk_start in range(0, len(rows), 1000):
            cursor.executemany(insert, rows[chunk_start : chunk_start + 1000])
        cursor.executemany(insert, comments)
        cursor.execute(
            "INSERT INTO g5_board (bo_table, gr_id, bo_subject, bo_use_category, bo_category_list, bo_notice, "
            "bo_count_write, bo_count_comment) VALUES ('bulk', 'community', '대량 게시판', 1, %s, %s, %s, %s)",
            ("|".join(_CATEGORIES), "1,2", posts, len(comments)),
        )
    connection.commit()
    median = sorted(len(r[10]) for r in rows)[len(rows) // 2]
    return {"posts": posts, "comments": len(comments), "median_body_chars": median}


def _child(database: str, var_dir: str) -> None:
    """Runs in a fresh process: migrate a throw-away SQLite database, import, print JSON."""
    os.environ["CANDLE_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.dev")
    os.environ["CANDLE_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from candle.importers.services import gnuboard_import
    from candle.pages.models import PostPage

    started = time.perf_counter()
    summary = gnuboard_import(source_url=f"mysql://{USER}@{HOST}:{PORT}/{database}")
    seconds = time.perf_counter() - started
    from modelsearch.backends import get_search_backend

    found = get_search_backend().search("인권센터", PostPage).count()
    print(json.dumps({"seconds": seconds, "summary": summary.as_dict(), "search_hits": found}))


def run(report: dict, *, posts: int = 10_000) -> None:
    import pymysql

    database = f"candle_bench_g5_{os.getpid()}"
    try:
        server = pymysql.connect(
            host=HOST, port=PORT, user=USER, charset="utf8mb4", connect_timeout=5
        )
    except pymysql.err.MySQLError as error:
        report["importer"] = {"skipped": f"no MariaDB server on {HOST}:{PORT} ({error.args[-1]})"}
        print(f"  skipped: no MariaDB server on {HOST}:{PORT}")
        return
    var_dir = tempfile.mkdtemp(prefix="candle-bench-importer-")
    try:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
            cursor.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb3")
        source = pymysql.connect(
            host=HOST, port=PORT, user=USER, database=database, charset="utf8mb4"
        )
        try:
            shape = generate(source, posts=posts)
        finally:
            source.close()
        completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "bench.importer", "--child", database, var_dir],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"the import failed:\n{completed.stderr[-3000:]}")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        server.close()
        shutil.rmtree(var_dir, ignore_errors=True)
    seconds = result["seconds"]
    figures = {
        **shape,
        "seconds": round(seconds, 1),
        "posts_per_second": round(posts / seconds, 1),
        "seconds_writing_posts": result["summary"]["seconds_import"],
        "seconds_search_index": result["summary"]["seconds_index"],
        "posts_per_second_without_index": round(
            posts / max(result["summary"]["seconds_import"], 0.001), 1
        ),
        "target_seconds": TARGET_SECONDS,
        "within_target": posts / seconds >= 10_000 / TARGET_SECONDS,  # 10,000 posts in 2 minutes
        "imported_posts": result["summary"]["posts"],
        "imported_comments": result["summary"]["comments"],
        "skipped": result["summary"]["skipped"],
        "search_hits_for_인권센터": result["search_hits"],
    }
    report["importer"] = figures
    print(f"  {'posts':<28}{posts:>10,}")
    print(f"  {'comments':<28}{shape['comments']:>10,}")
    print(f"  {'median body (characters)':<28}{shape['median_body_chars']:>10,}")
    print(f"  {'import time (s, incl. index)':<28}{seconds:>10.1f}")
    print(f"  {'  of which writing posts (s)':<28}{figures['seconds_writing_posts']:>10.1f}")
    print(f"  {'  of which search index (s)':<28}{figures['seconds_search_index']:>10.1f}")
    print(f"  {'posts per second':<28}{posts / seconds:>10.1f}")
    print(f"  {'  without the search index':<28}{figures['posts_per_second_without_index']:>10.1f}")
    met = figures["within_target"]
    print(f"  {'target (10,000 in 120 s)':<28}{'>= 83.3/s':>10}  {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "VAR_DIR"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
    else:
        out: dict = {}
        run(out, posts=args.posts)
        print(json.dumps(out, ensure_ascii=False, indent=2))
