# ruff: noqa: S603 - mysql on 127.0.0.1, as bench/web.py runs it
"""bench/web.py's cold search asks words the measured posts hold: on the imported GnuBoard
board, its own nouns (the side-by-side's list), not ``seed_bulk``'s, which that board mostly
does not use (a query matching nothing is cheap, and made the cold figure look better)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import web  # noqa: E402


def test_on_the_imported_board_the_cold_queries_are_its_own_nouns_then_pairs(monkeypatch):
    nouns = [f"낱말{n:03d}" for n in range(150)] + ["난민"]
    monkeypatch.setattr(web, "DATA", "gnuboard")
    monkeypatch.setattr(web, "_board_nouns", lambda: nouns)
    queries, source = web.cold_queries()
    assert len(queries) == len(set(queries)) == web.COLD_QUERIES == 260
    assert "난민" not in " ".join(queries)  # the warm search's word is never a cold one
    assert queries[:150] == nouns[:150]
    pairs = queries[150:]
    assert all(len(pair.split()) == 2 and set(pair.split()) <= set(nouns) for pair in pairs)
    assert "the board's nouns" in source and "150 words" in source


def test_on_generated_posts_the_cold_queries_are_seed_bulks_nouns(monkeypatch):
    monkeypatch.setattr(web, "DATA", "generated")
    queries, source = web.cold_queries()
    assert len(queries) == len(set(queries)) == 260
    assert queries[0] == "북한이탈주민" and source.startswith("seed_bulk")


def test_the_gnuboard_dump_loads_into_mariadb(monkeypatch):
    """The web bench's data: the dump's SQL reaches mysql uncompressed (handed the GzipFile as
    stdin, subprocess passed its compressed file descriptor and every load failed)."""
    import subprocess

    import pytest

    if not web.GNUBOARD_DUMP.exists():
        pytest.skip(f"no GnuBoard dump at {web.GNUBOARD_DUMP}")
    if not web._gnuboard_available():
        pytest.skip("MariaDB does not answer on 127.0.0.1:3306")
    monkeypatch.setattr(web, "GNUBOARD_DB", "candle_test_webbench_g5")
    try:
        source = web._gnuboard_source()
        assert source.endswith("/candle_test_webbench_g5")
        counted = subprocess.run(
            [*web.MYSQL, "-N", "candle_test_webbench_g5", "-e"]
            + ["select count(*) from g5_write_news where wr_is_comment = 0"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert int(counted.stdout.strip()) == 10_000
    finally:
        subprocess.run(
            [*web.MYSQL, "-e", "drop database if exists `candle_test_webbench_g5`"], timeout=60
        )
