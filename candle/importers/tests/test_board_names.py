"""Boards whose GnuBoard names differ only in letter case (g5_write_News and g5_write_news,
which MariaDB keeps apart on a case-sensitive file system) stay separate Candle boards, each
with its own posts, files and old addresses. Needs MariaDB on 127.0.0.1:3306 (skips without)."""

import pytest

from candle.importers.models import LegacyBoard, LegacyPost
from candle.importers.services import gnuboard_import

from .gnuboard_tables import file_insert, post_insert, tables_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(scratch_mariadb):
    """An empty throw-away MariaDB database (``scratch_mariadb``) on a server that keeps table
    names' letter case; yields (url, connection)."""
    _url, connection = scratch_mariadb
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@lower_case_table_names")
        if cursor.fetchone()[0] != 0:
            pytest.skip("this MariaDB server folds table names to lower case")
    return scratch_mariadb


def _boards_differing_in_case(connection) -> None:
    tables_create(
        connection, boards=[("News", "영문 소식"), ("news", "소식")], case_sensitive_names=True
    )
    post_insert(connection, bo_table="News", wr_subject="대문자 게시판의 글")
    post_insert(connection, bo_table="news", wr_subject="소문자 게시판의 글")
    # News/1 has an attachment; news/1 has none (g5_board_file compares names case-blind)
    file_insert(connection, bo_table="News", wr_id=1, bf_no=0, source="a.pdf", stored="a_1.pdf")


def test_boards_differing_only_in_case_stay_separate(source, site_tree, client):
    url, connection = source
    _boards_differing_in_case(connection)

    summary = gnuboard_import(source_url=url)

    upper = LegacyBoard.objects.get(bo_table="News").board
    lower = LegacyBoard.objects.get(bo_table="news").board
    assert upper.pk != lower.pk
    assert (lower.slug, upper.slug) == ("news", "news-2")  # the exact name keeps the address
    assert {t[3] for t in summary.board_targets} == {upper.url, lower.url}
    post_upper = LegacyPost.objects.get(bo_table="News", wr_id=1).post
    post_lower = LegacyPost.objects.get(bo_table="news", wr_id=1).post
    assert post_upper.get_parent().pk == upper.pk
    assert post_lower.get_parent().pk == lower.pk
    # the attachment (missing from the files folder) is reported for News/1 only
    assert [where.split()[0] for where, _reason in summary.skipped] == ["News/1"]
    assert client.get("/News/1")["Location"] == post_upper.url
    assert client.get("/news/1")["Location"] == post_lower.url

    again = gnuboard_import(source_url=url)  # a second run keeps each board where it went
    assert again.created == 0
    assert LegacyBoard.objects.get(bo_table="News").board.pk == upper.pk
    assert LegacyBoard.objects.get(bo_table="news").board.pk == lower.pk


def test_a_dry_run_shows_separate_addresses(source, site_tree):
    url, connection = source
    _boards_differing_in_case(connection)

    summary = gnuboard_import(source_url=url, dry_run=True)

    addresses = [t[3] for t in summary.board_targets]
    assert len(set(addresses)) == 2, addresses
    assert not LegacyBoard.objects.exists()
