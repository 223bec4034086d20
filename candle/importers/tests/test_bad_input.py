"""Bad sources and bad rows: one clear sentence (Korean or English), never a traceback; a bad
row is reported and skipped and the rest still comes over."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from candle.importers.gnuboard_source import SourceError
from candle.importers.models import LegacyPost
from candle.importers.services import gnuboard_import
from candle.pages.models import PostComment, PostPage

from .gnuboard_tables import SCHEMA, write_table

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db]

_INSERT = (
    "INSERT INTO g5_write_bulk (wr_id, wr_num, wr_reply, wr_parent, wr_is_comment, wr_comment, wr_comment_reply, "
    "ca_name, wr_option, wr_subject, wr_content, wr_link1, wr_link2, wr_hit, mb_id, wr_name, wr_datetime, wr_last) "
    "VALUES (%s,%s,%s,%s,%s,0,'','',%s,%s,%s,%s,'',0,'','김가명',%s,'')"
)


def _board(connection, rows, files=()):
    with connection.cursor() as cursor:
        for statement in [*SCHEMA, write_table("bulk")]:
            cursor.execute(statement)
        cursor.execute(
            "INSERT INTO g5_board (bo_table, bo_subject, bo_category_list, bo_notice) VALUES ('bulk', '소식', '', '')"
        )
        cursor.executemany(_INSERT, rows)
        for wr_id, no, source, stored in files:
            cursor.execute(
                "INSERT INTO g5_board_file (bo_table, wr_id, bf_no, bf_source, bf_file, bf_content, bf_type, bf_datetime)"
                " VALUES ('bulk', %s, %s, %s, %s, '', 0, '2020-01-01 00:00:00')",
                (wr_id, no, source, stored),
            )


def test_wrong_password_is_one_sentence(site_tree):
    with pytest.raises(SourceError) as caught:
        gnuboard_import(source_url="mysql://root:definitely-wrong@127.0.0.1:3306/mysql")
    message = str(caught.value)
    if "reach" in message or "연결" in message:
        pytest.skip("no MariaDB server answers on 127.0.0.1:3306")
    assert "password" in message or "비밀번호" in message
    assert "Traceback" not in message and "definitely-wrong" not in message


def test_command_reports_a_missing_table_in_korean(scratch_mariadb, site_tree):
    url, _connection = scratch_mariadb
    with translation.override("ko"), pytest.raises(CommandError) as caught:
        call_command("import_gnuboard", "--source", url, "-v0")
    assert "g5_board" in str(caught.value)
    assert "없습니다" in str(caught.value)


def test_command_rejects_malformed_arguments(site_tree):
    with pytest.raises(CommandError):
        call_command("import_gnuboard", "--source", "postgres://x@y/z", "-v0")
    with pytest.raises(CommandError):
        call_command(
            "import_gnuboard", "--source", "mysql://root@127.0.0.1/x", "--prefix", "g5_;DROP", "-v0"
        )
    with pytest.raises(CommandError):
        call_command(
            "import_gnuboard", "--source", "mysql://root@127.0.0.1/x", "--board", "nonsense", "-v0"
        )
    with pytest.raises(CommandError):
        call_command(
            "import_gnuboard",
            "--source",
            "mysql://root@127.0.0.1/x",
            "--files",
            "/nonexistent/dir",
            "-v0",
        )


def test_bad_rows_are_skipped_and_the_rest_imported(scratch_mariadb, site_tree, tmp_path):
    url, connection = scratch_mariadb
    rows = [
        (
            1,
            -1,
            "",
            1,
            0,
            "html1",
            "좋은 글",
            "<p>본문 <b>굵게",
            "",
            "2020-01-01 10:00:00",
        ),  # unclosed tags
        (
            2,
            -2,
            "",
            2,
            0,
            "",
            "날짜가 없는 글",
            "본문",
            "",
            "0000-00-00 00:00:00",
        ),  # no date: skipped
        (
            3,
            -3,
            "",
            3,
            0,
            "html1",
            "<b>제목</b> &amp; 기호",
            "<div><p>x</div></td></tr></table><svg onload=alert(1)>",
            "javascript:alert(1)",
            "2020-01-03 10:00:00",
        ),
        (4, -999, "A", 4, 0, "", "Re: 사라진 글", "답글", "", "2020-01-04 10:00:00"),  # parent gone
        (
            5,
            -5,
            "",
            404,
            1,
            "",
            "",
            "없는 글에 단 댓글",
            "",
            "2020-01-05 10:00:00",
        ),  # orphan comment
        (
            6,
            -6,
            "",
            6,
            0,
            "",
            "첨부가 이상한 글",
            "x" * 60_000,
            "www.example.org/x",
            "2020-01-06 10:00:00",
        ),
    ]
    (tmp_path / "file" / "bulk").mkdir(parents=True)
    (tmp_path / "file" / "bulk" / "fake.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    (tmp_path / "file" / "bulk" / "shell.php-x").write_bytes(b"<?php echo 1; ?>")
    _board(
        connection,
        rows,
        files=[
            (6, 0, "report.pdf", "fake.pdf"),
            (6, 1, "shell.php", "shell.php-x"),
            (6, 2, "missing.pdf", "missing.pdf"),
            (6, 3, "../../etc/passwd", "../../etc/passwd"),
        ],
    )
    summary = gnuboard_import(source_url=url, files_dir=tmp_path)
    reasons = dict(summary.skipped)
    assert "bulk/2" in reasons  # the undated post
    assert "bulk/5" in reasons  # the orphan comment
    assert sum(1 for where, _ in summary.skipped if where.startswith("bulk/6 #")) == 4
    imported = {lp.wr_id for lp in LegacyPost.objects.all()}
    assert imported == {1, 3, 4, 6}
    assert PostComment.objects.count() == 0
    first = LegacyPost.objects.get(wr_id=1).post
    assert first.body[0].value.source in ("<p>본문 <b>굵게</b></p>", "<p>본문 <b>굵게</b></p>\n")
    third = LegacyPost.objects.get(wr_id=3).post
    assert third.title == "<b>제목</b> & 기호"  # a subject is text, as GnuBoard showed it
    assert "svg" not in third.body.raw_data.__repr__() and "alert" not in str(third.body.raw_data)
    assert not third.media_links.exists()  # javascript: is not a web address
    sixth = LegacyPost.objects.get(wr_id=6).post
    assert [link.url for link in sixth.media_links.all()] == ["http://www.example.org/x"]
    assert not sixth.attachments.exists()
    assert LegacyPost.objects.get(wr_id=4).post.in_reply_to is None
    assert PostPage.objects.filter(pk__in=[first.pk, third.pk, sixth.pk], live=True).count() == 3


def test_duplicated_run_and_edit_on_the_source_updates(scratch_mariadb, site_tree):
    url, connection = scratch_mariadb
    _board(
        connection,
        [(1, -1, "", 1, 0, "html1", "처음 제목", "<p>처음</p>", "", "2020-01-01 10:00:00")],
    )
    gnuboard_import(source_url=url)
    post = LegacyPost.objects.get(wr_id=1).post
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE g5_write_bulk SET wr_subject='고친 제목', wr_option='html1,secret' WHERE wr_id=1"
        )
    again = gnuboard_import(source_url=url)
    assert again.updated == 1 and again.created == 0
    post.refresh_from_db()
    assert post.title == "고친 제목"
    assert post.live is False  # became secret on the old site: no longer published
    assert (
        PostPage.objects.count()
        == PostPage.objects.filter(pk=post.pk).count()
        + PostPage.objects.exclude(pk=post.pk).count()
    )
    assert LegacyPost.objects.count() == 1
