"""What staff (and a hostile source) would try against the importer, on the real MariaDB
server: odd file names, files that arrive on a later run, --board/--english mistakes, NUL
characters, huge and odd bodies, interrupted runs, dry runs that must write nothing, old links
with malformed parameters, and the command's exit status."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import translation

from candle.core.models import CandleDocument, CandleImage
from candle.importers.models import LegacyBoard, LegacyFile, LegacyPost
from candle.importers.services import gnuboard_import
from candle.pages.models import PostComment, PostPage

from .gnuboard_tables import file_insert, post_insert, tables_create

pytestmark = [
    pytest.mark.mariadb,
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROOT = Path(__file__).resolve().parents[3]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _post(wr_id: int, bo_table: str = "bulk") -> PostPage:
    return LegacyPost.objects.select_related("post").get(bo_table=bo_table, wr_id=wr_id).post


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def test_attachment_names_with_paths_korean_and_great_length(scratch_mariadb, site_tree, tmp_path):
    url, connection = scratch_mariadb
    tables_create(connection)
    wr_id = post_insert(connection, wr_subject="첨부 이름이 이상한 글")
    folder = tmp_path / "file" / "bulk"
    folder.mkdir(parents=True)
    for stored in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        (folder / stored).write_bytes(PDF)
    long_korean = "북한인권_실태조사_보고서_" * 12 + "최종.pdf"  # 160 characters, 470 bytes
    file_insert(connection, wr_id=wr_id, bf_no=0, source="../../../evil.pdf", stored="a.pdf")
    file_insert(connection, wr_id=wr_id, bf_no=1, source="..\\..\\win evil.pdf", stored="b.pdf")
    file_insert(connection, wr_id=wr_id, bf_no=2, source=long_korean, stored="c.pdf")
    file_insert(connection, wr_id=wr_id, bf_no=3, source="회의 자료 (2024).pdf", stored="d.pdf")
    summary = gnuboard_import(source_url=url, files_dir=tmp_path)
    assert summary.skipped == [], summary.skipped
    documents = [a.document for a in _post(wr_id).attachments.all()]
    assert len(documents) == 4
    media = Path(documents[0].file.storage.location).resolve()
    for document in documents:
        path = Path(document.file.path).resolve()
        assert path.is_relative_to(media / "documents"), path
        assert ".." not in document.file.name and "\\" not in document.file.name
        assert len(path.name.encode()) <= 255
    titles = sorted(d.title for d in documents)
    assert titles == sorted(["evil.pdf", "win evil.pdf", long_korean, "회의 자료 (2024).pdf"])


def test_files_that_arrive_later_are_imported_on_the_next_run(scratch_mariadb, site_tree, tmp_path):
    url, connection = scratch_mariadb
    tables_create(connection)
    wr_id = post_insert(
        connection,
        wr_option="html1",
        wr_content='<p>사진</p><img src="http://old.example/data/editor/2001/photo.png">',
    )
    file_insert(connection, wr_id=wr_id, bf_no=0, source="자료.pdf", stored="x.pdf")
    empty = tmp_path / "empty"
    empty.mkdir()
    first = gnuboard_import(source_url=url, files_dir=empty)  # the wrong folder
    assert len(first.skipped) == 2
    assert not _post(wr_id).attachments.exists()
    again = gnuboard_import(source_url=url, files_dir=empty)  # still missing: still said
    assert again.unchanged == 1 and again.updated == 0
    assert again.skipped == [(f"bulk/{wr_id}", again.skipped[0][1])]
    assert "자료.pdf" in again.skipped[0][1] and "2001/photo.png" in again.skipped[0][1]
    (tmp_path / "data" / "file" / "bulk").mkdir(parents=True)
    (tmp_path / "data" / "editor" / "2001").mkdir(parents=True)
    (tmp_path / "data" / "file" / "bulk" / "x.pdf").write_bytes(PDF)
    (tmp_path / "data" / "editor" / "2001" / "photo.png").write_bytes(PNG)
    second = gnuboard_import(source_url=url, files_dir=tmp_path / "data")
    assert second.skipped == [] and second.updated == 1
    post = _post(wr_id)
    assert post.attachments.get().document.title == "자료.pdf"
    assert 'embedtype="image"' in post.body[0].value.source
    third = gnuboard_import(source_url=url, files_dir=tmp_path / "data")
    assert third.updated == 0 and third.created == 0 and third.unchanged == 1
    assert CandleDocument.objects.count() == 1 and CandleImage.objects.count() == 1


def test_board_and_english_options_are_checked_before_anything_is_written(
    scratch_mariadb, site_tree
):
    url, connection = scratch_mariadb
    tables_create(connection, boards=[("aaa", "첫 게시판"), ("zzz", "둘째 게시판")])
    post_insert(connection, bo_table="aaa")
    post_insert(connection, bo_table="zzz")
    before = _row_counts()
    cases = [
        (["--board", "zzz=no-such-board"], "no-such-board"),
        (["--board", "nosuch=notices"], "nosuch"),
        (["--english", "nosuch"], "nosuch"),
    ]
    for arguments, named in cases:
        for language in ("ko", "en"):
            with translation.override(language), pytest.raises(CommandError) as caught:
                call_command("import_gnuboard", "--source", url, *arguments, "-v0")
            message = str(caught.value)
            assert named in message and "\n" not in message.strip()
            assert message.endswith(".")
        assert _row_counts() == before, arguments
    assert not LegacyBoard.objects.exists()


def test_nul_and_control_characters_never_stop_a_row(scratch_mariadb, site_tree):
    url, connection = scratch_mariadb
    tables_create(connection)
    text = post_insert(
        connection,
        wr_subject="널\x00문자\x07 제목",
        wr_content="본문\x00끝\x0b",
        wr_name="이\x00름",
    )
    html = post_insert(
        connection, wr_option="html1", wr_subject="HTML", wr_content="<p>가\x00나\x1b다</p>"
    )
    post_insert(connection, wr_is_comment=1, wr_parent=text, wr_num=-text, wr_content="댓\x00글")
    summary = gnuboard_import(source_url=url)
    assert summary.skipped == []
    post = _post(text)
    assert post.title == "널문자 제목" and post.byline == "이름"
    assert "\x00" not in str(post.body.raw_data) and "본문끝" in str(post.body.raw_data)
    assert "가나다" in str(_post(html).body.raw_data)
    assert PostComment.objects.get().body == "댓글"


@pytest.mark.parametrize(
    "content",
    [
        " " * 20_000 + "끝",  # a long run of spaces (stamps_strip was cubic in it)
        "\r\n" * 10_000 + "끝",
        "<style>" + "x" * 60_000 + "</style><p>끝</p>",  # a style block without rules
        "<" * 60_000 + "끝",
        "<b>" * 20_000 + "끝",
    ],
    ids=["spaces", "newlines", "style", "less-than", "nesting"],
)
def test_huge_odd_bodies_import_quickly(scratch_mariadb, site_tree, content):
    url, connection = scratch_mariadb
    tables_create(connection)
    wr_id = post_insert(connection, wr_option="html1", wr_content=content)
    post_insert(connection, wr_content=content)
    post_insert(connection, wr_is_comment=1, wr_parent=wr_id, wr_num=-wr_id, wr_content=content)
    started = time.perf_counter()
    summary = gnuboard_import(source_url=url)
    assert time.perf_counter() - started < 20
    assert summary.skipped == [] and summary.posts == 2 and summary.comments == 1


def test_interrupted_run_then_rerun_imports_each_row_once(scratch_mariadb, site_tree, tmp_path):
    url, connection = scratch_mariadb
    tables_create(connection)
    (tmp_path / "file" / "bulk").mkdir(parents=True)
    ids = []
    for number in range(12):
        wr_id = post_insert(connection, wr_subject=f"글 {number}", wr_content=f"본문 {number}")
        ids.append(wr_id)
        (tmp_path / "file" / "bulk" / f"{number}.pdf").write_bytes(PDF)
        file_insert(
            connection, wr_id=wr_id, bf_no=0, source=f"{number}.pdf", stored=f"{number}.pdf"
        )
    post_insert(connection, wr_is_comment=1, wr_parent=ids[0], wr_num=-ids[0], wr_content="댓글")
    seen = []

    def interrupt(n):
        seen.append(n)
        if len(seen) == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        gnuboard_import(source_url=url, files_dir=tmp_path, progress=interrupt)
    summary = gnuboard_import(source_url=url, files_dir=tmp_path)
    assert summary.skipped == []
    assert PostPage.objects.filter(title__startswith="글 ").count() == 12
    assert LegacyPost.objects.count() == 13 and PostComment.objects.count() == 1
    assert CandleDocument.objects.count() == 12 and LegacyFile.objects.count() == 12
    assert all(_post(i).attachments.count() == 1 for i in ids)
    assert gnuboard_import(source_url=url, files_dir=tmp_path).unchanged == 13


def test_a_run_stopped_while_indexing_is_indexed_by_the_next_run(
    scratch_mariadb, site_tree, monkeypatch
):
    """Indexing comes last and takes longest, so that is where a run is most often stopped.
    The rerun finds the posts unchanged, and must still put them in the search index."""
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_content_type_pk

    from candle.importers.services import importer

    url, connection = scratch_mariadb
    tables_create(connection)
    ids = [post_insert(connection, wr_subject=f"색인 {n}", wr_content="본문") for n in range(5)]
    index_touched = importer._index_touched

    def stopped(touched):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_index_touched", stopped)
    with pytest.raises(KeyboardInterrupt):
        gnuboard_import(source_url=url)
    monkeypatch.setattr(importer, "_index_touched", index_touched)
    entries = get_app_config().get_model("IndexEntry").objects
    post_type = get_content_type_pk(PostPage)
    wanted = {str(_post(i).pk) for i in ids}
    assert not wanted & set(
        entries.filter(content_type_id=post_type).values_list("object_id", flat=True)
    )
    assert gnuboard_import(source_url=url).unchanged == 5
    indexed = set(entries.filter(content_type_id=post_type).values_list("object_id", flat=True))
    assert wanted <= indexed


def test_command_says_so_when_interrupted(scratch_mariadb, site_tree, monkeypatch):
    url, connection = scratch_mariadb
    tables_create(connection)
    post_insert(connection)

    def stop(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(
        "candle.importers.management.commands.import_gnuboard.gnuboard_import", stop
    )
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_gnuboard", "--source", url, "-v0")
    assert "again" in str(caught.value)


def test_dry_run_writes_no_row_anywhere(scratch_mariadb, site_tree, tmp_path, capsys):
    url, connection = scratch_mariadb
    tables_create(connection, boards=[("bulk", "소식"), ("empty", "빈 게시판")])
    (tmp_path / "file" / "bulk").mkdir(parents=True)
    (tmp_path / "editor" / "2001").mkdir(parents=True)
    (tmp_path / "file" / "bulk" / "x.pdf").write_bytes(PDF)
    (tmp_path / "editor" / "2001" / "p.png").write_bytes(PNG)
    wr_id = post_insert(
        connection,
        ca_name="새분류",
        wr_option="html1",
        wr_content='<p>a</p><img src="/data/editor/2001/p.png">',
        wr_link1="https://example.org/a",
    )
    file_insert(connection, wr_id=wr_id, bf_no=0, source="x.pdf", stored="x.pdf")
    post_insert(connection, wr_is_comment=1, wr_parent=wr_id, wr_num=-wr_id, wr_content="댓글")
    before = _row_counts()
    media = sorted(
        p for p in Path(CandleDocument().file.storage.location).rglob("*") if p.is_file()
    )
    call_command("import_gnuboard", "--source", url, "--files", str(tmp_path), "--dry-run", "-v0")
    assert _row_counts() == before
    assert (
        sorted(p for p in Path(CandleDocument().file.storage.location).rglob("*") if p.is_file())
        == media
    )
    out = capsys.readouterr().out
    assert "bulk (소식) → /ko/bulk/" in out and "empty (빈 게시판) → /ko/empty/" in out
    gnuboard_import(source_url=url, files_dir=tmp_path)
    after_import = _row_counts()
    call_command("import_gnuboard", "--source", url, "--files", str(tmp_path), "--dry-run", "-v0")
    assert _row_counts() == after_import


def test_empty_boards_and_identical_rows(scratch_mariadb, site_tree, client):
    url, connection = scratch_mariadb
    tables_create(connection, boards=[("bulk", "소식"), ("empty", "빈 게시판")])
    first = post_insert(connection, wr_subject="같은 글", wr_content="같은 본문")
    second = post_insert(connection, wr_subject="같은 글", wr_content="같은 본문")
    summary = gnuboard_import(source_url=url)
    assert summary.boards == 2 and summary.posts == 2 and summary.skipped == []
    empty = LegacyBoard.objects.get(bo_table="empty").board
    assert empty.title == "빈 게시판" and client.get(empty.url).status_code == 200
    assert _post(first).pk != _post(second).pk
    assert client.get(_post(first).url).status_code == 200
    assert client.get(_post(second).url).status_code == 200


def test_hostile_html_never_reaches_the_page(scratch_mariadb, site_tree, client):
    url, connection = scratch_mariadb
    tables_create(connection)
    hostile = (
        "<p>앞</p>"
        '<svg onload="alert(1)"><script>alert(2)</script></svg>'
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==">데이터 링크</a>'
        '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNCk+">'
        '<iframe srcdoc="&lt;script&gt;alert(5)&lt;/script&gt;"></iframe>'
        '<object data="x.swf"></object><embed src="x.swf">'
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
        '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">'
        '<form action="https://evil.example/"><input autofocus onfocus="alert(6)"></form>'
        '<details open ontoggle="alert(7)"><summary>요약</summary>내용</details>'
        '<a href="jav&#x09;ascript:alert(8)">탭 링크</a><a href="  JAVASCRIPT:alert(9)">대문자</a>'
        '<a href="vbscript:msgbox(10)">vb</a>'
        '<p style="background:url(javascript:alert(11))" class="x" id="y">스타일</p>'
        '<noscript><p title="</noscript><img src=x onerror=alert(12)>"></noscript>'
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>"
        "<p>뒤"
    )
    wr_id = post_insert(
        connection,
        wr_option="html1",
        wr_subject="제목",  # a subject is text: test_subjects_are_text_escaped_on_the_page
        wr_content=hostile,
    )
    post_insert(
        connection,
        wr_is_comment=1,
        wr_parent=wr_id,
        wr_num=-wr_id,
        wr_content="<script>alert(15)</script><b>굵게</b> 3 < 5",
        wr_name="<i>손님</i>",
    )
    summary = gnuboard_import(source_url=url)
    assert summary.skipped == []
    page = client.get(_post(wr_id).url)
    assert page.status_code == 200
    html = page.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for number in range(1, 16):
        assert f"alert({number})" not in main
    for forbidden in (
        "<svg",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<base",
        "<style",
        " style=",
        "javascript:",
        "data:text",
        "data:image",
        "vbscript:",
        "onerror",
        "onload",
        "ontoggle",
        "onfocus",
        "<script",
    ):
        assert forbidden not in main.lower(), forbidden
    assert "앞" in main and "요약" in main and "탭 링크" in main
    assert "&lt;i&gt;손님&lt;/i&gt;" in main and "<i>손님" not in main  # names are text
    assert "3 &lt; 5" in main  # the comment's text survives, escaped


def test_subjects_are_text_escaped_on_the_page(scratch_mariadb, site_tree, client):
    """GnuBoard shows a subject with < and > escaped and & not: markup-looking text stays
    as text in the title (not stripped), an entity becomes its character, and the page
    escapes it all (issue 20, item 17)."""
    url, connection = scratch_mariadb
    tables_create(connection)
    subject = "공지 <b>굵게</b> &amp; <script>alert(1)</script>"
    plain = post_insert(connection, wr_subject=subject, wr_content="본문")
    marked_up = post_insert(
        connection, wr_option="html1", wr_subject=subject, wr_content="<p>본문</p>"
    )
    summary = gnuboard_import(source_url=url)
    assert summary.skipped == []
    for wr_id in (plain, marked_up):
        post = _post(wr_id)
        assert post.title == "공지 <b>굵게</b> & <script>alert(1)</script>"
        page = client.get(post.url)
        assert page.status_code == 200
        html = page.content.decode()
        escaped = "공지 &lt;b&gt;굵게&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
        assert escaped in html.split("<main", 1)[1]
        assert "<script>alert(1)" not in html and "<b>굵게" not in html
        assert client.get(post.get_parent().url).content.decode().count(escaped) >= 1


def _imported_board(connection, url):
    tables_create(connection, boards=[("news", "소식")])
    ids = {
        "plain": post_insert(
            connection, bo_table="news", wr_subject="보통 글", wr_seo_title="보통-글"
        ),
        "numeric": post_insert(connection, bo_table="news", wr_subject="2024", wr_seo_title="2024"),
    }
    summary = gnuboard_import(source_url=url)
    assert summary.skipped == []
    return ids


def test_old_links_with_odd_parameters(scratch_mariadb, site_tree, client):
    url, connection = scratch_mariadb
    ids = _imported_board(connection, url)
    post = _post(ids["plain"], "news")
    board = LegacyBoard.objects.get(bo_table="news").board
    moved = {
        f"/bbs/board.php?bo_table=news&wr_id={ids['plain']}&page=3&sca=&sfl=wr_subject&stx=%EA%B8%80&fbclid=abc": post.url,
        f"/bbs/board.php?wr_id={ids['plain']}&bo_table=news&page=abc": post.url,
        "/bbs/board.php?bo_table=news&page=abc&sca=%3Cscript%3E": board.url,
        "/bbs/board.php?bo_table=news&page=-3": board.url,
        "/bbs/board.php?bo_table=news&page=" + "9" * 500: board.url,
        "/news?page=2": board.url + "?page=2",
        "/news/%EB%B3%B4%ED%86%B5-%EA%B8%80/": post.url,  # GnuBoard's short address by title
        f"/news/{ids['plain']}": post.url,
        "/news/2024/": _post(ids["numeric"], "news").url,  # a title that is a number
        "/rss/news": board.url + "feed/rss/",  # GnuBoard's short RSS address
    }
    for address, target in moved.items():
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == target, address
    for address in [
        "/bbs/board.php?bo_table=news&wr_id=abc",
        "/bbs/board.php?bo_table=../../&wr_id=1",
        "/bbs/board.php?bo_table=../../",
        "/bbs/board.php?bo_table=news&wr_id=" + "1" * 5000,
        "/bbs/download.php?bo_table=news&wr_id=abc&no=0",
        "/bbs/download.php?bo_table=../../etc&wr_id=1&no=0",
        "/rss/nope",
        "/data/editor/../../etc/passwd",
        "/bbs/rss.php?bo_table=../../",
    ]:
        response = client.get(address)  # one 404, no redirect to /ko/… first
        assert response.status_code == 404, address
        assert "Location" not in response, address


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("mysql://root:definitely-wrong@127.0.0.1:3306/mysql", ("비밀번호",)),
        ("mysql://root@no-such-host.invalid:3306/g5", ("no-such-host.invalid",)),
        ("mysql://root@127.0.0.1:3306/candle_helper_i_no_such_db", ("candle_helper_i_no_such_db",)),
        (
            "mysql://root@127.0.0.1:3306/mysql",
            ("g5_board",),
        ),  # a database without GnuBoard's tables
        ("mysql://root@127.0.0.1:notaport/x", ("port", "포트")),
        ("ftp://example.org/x", ("mysql://",)),
    ],
)
def test_command_exits_non_zero_with_one_sentence(source, words):
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "candle.settings.test",
        "PYTHONWARNINGS": "ignore",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_gnuboard", "--source", source, "-v0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if "127.0.0.1" in source and ("연결할 수 없" in result.stderr or "reach" in result.stderr):
        pytest.skip("no MariaDB server answers on 127.0.0.1:3306")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "definitely-wrong" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert any(word in lines[0] for word in words), lines[0]


def test_summary_names_what_was_removed_in_the_readers_language(scratch_mariadb, site_tree, capsys):
    url, connection = scratch_mariadb
    tables_create(connection)
    post_insert(
        connection,
        wr_option="html1",
        wr_content='<p>a</p><script>x()</script><a href="javascript:x()">b</a><svg></svg>',
    )
    with translation.override("ko"):
        call_command("import_gnuboard", "--source", url, "-v0")
    out = capsys.readouterr().out
    assert "스크립트 ×1" in out and "안전하지 않은 링크" in out and "그 밖의 태그(svg) ×1" in out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE g5_write_bulk SET wr_subject = '고친 제목'")
    with translation.override("en"):
        call_command("import_gnuboard", "--source", url, "-v0")
    assert "scripts ×1" in capsys.readouterr().out


def test_direct_file_addresses_and_thumbnails(scratch_mariadb, site_tree, client, tmp_path):
    """GnuBoard's view page showed attached images straight from /data/file/<bo_table>/<bf_file>
    (and lists showed thumb-<name>_<w>x<h>.jpg), so those addresses are old links too."""
    url, connection = scratch_mariadb
    tables_create(connection)
    folder = tmp_path / "file" / "bulk"
    folder.mkdir(parents=True)
    (folder / "a1b2_c3d4.png").write_bytes(PNG)
    (folder / "e5f6.pdf").write_bytes(PDF)
    (folder / "secret.pdf").write_bytes(PDF)
    public = post_insert(connection, wr_subject="사진 글")
    secret = post_insert(connection, wr_subject="비밀 글", wr_option="secret")
    file_insert(
        connection, wr_id=public, bf_no=0, source="사진.png", stored="a1b2_c3d4.png", bf_type=3
    )
    file_insert(connection, wr_id=public, bf_no=1, source="자료.pdf", stored="e5f6.pdf")
    file_insert(connection, wr_id=secret, bf_no=0, source="비밀.pdf", stored="secret.pdf")
    assert gnuboard_import(source_url=url, files_dir=tmp_path).skipped == []
    image = LegacyFile.objects.get(wr_id=public, bf_no=0).image
    document = LegacyFile.objects.get(wr_id=public, bf_no=1).document
    for address, target in {
        "/data/file/bulk/a1b2_c3d4.png": image.file.url,
        "/data/file/bulk/thumb-a1b2_c3d4_600x400.png": image.file.url,
        "/data/file/bulk/e5f6.pdf": document.url,
    }.items():
        response = client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == target, address
    for address in [
        "/data/file/bulk/secret.pdf",  # a secret post's file
        "/data/file/bulk/nothing.pdf",
        "/data/file/other/e5f6.pdf",
        "/data/file/bulk/..%2F..%2Fetc%2Fpasswd",
        "/data/file/bulk/thumb-_1x1.png",
    ]:
        assert client.get(address).status_code == 404, address


def _status(client, address: str) -> int:
    """The status of a download, with the file it opened closed again (not by
    ``response.close()``: that sends ``request_finished``, which closes the test's database
    connection on PostgreSQL)."""
    response = client.get(address)
    for closer in response._resource_closers:  # what close() does, without the signal
        closer()
    return response.status_code


def test_a_secret_posts_documents_are_for_signed_in_staff_only(
    scratch_mariadb, site_tree, client, django_user_model, tmp_path
):
    """The post is imported unpublished; its attachment must not be downloadable by anyone
    who learns its address. When the old site makes the post public, so is the file."""
    from candle.importers.services import PRIVATE_COLLECTION_NAME

    url, connection = scratch_mariadb
    tables_create(connection)
    folder = tmp_path / "file" / "bulk"
    folder.mkdir(parents=True)
    (folder / "s1.pdf").write_bytes(PDF)
    (folder / "p1.pdf").write_bytes(PDF)
    secret = post_insert(connection, wr_subject="비밀 글", wr_option="secret")
    public = post_insert(connection, wr_subject="공개 글")
    file_insert(connection, wr_id=secret, bf_no=0, source="면담기록.pdf", stored="s1.pdf")
    file_insert(connection, wr_id=public, bf_no=0, source="보고서.pdf", stored="p1.pdf")
    assert gnuboard_import(source_url=url, files_dir=tmp_path).skipped == []
    hidden = LegacyFile.objects.get(wr_id=secret).document
    shown = LegacyFile.objects.get(wr_id=public).document
    assert hidden.collection.name == PRIVATE_COLLECTION_NAME
    assert shown.collection.name != PRIVATE_COLLECTION_NAME
    assert _status(client, hidden.url) == 302  # to the login page
    assert _status(client, shown.url) == 200
    client.force_login(django_user_model.objects.create_user("staffer", password="x" * 12))
    assert _status(client, hidden.url) == 200
    client.logout()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE g5_write_bulk SET wr_option='' WHERE wr_id=%s", [secret])
    gnuboard_import(source_url=url, files_dir=tmp_path)
    hidden.refresh_from_db()
    assert hidden.collection.name != PRIVATE_COLLECTION_NAME
    assert _status(client, hidden.url) == 200


def test_tables_in_other_character_sets(scratch_mariadb, site_tree):
    """Old Korean hosts kept GnuBoard's tables in EUC-KR; the connection (utf8mb4) converts."""
    url, connection = scratch_mariadb
    tables_create(connection)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE g5_write_bulk CONVERT TO CHARACTER SET euckr")
        cursor.execute("ALTER TABLE g5_board CONVERT TO CHARACTER SET euckr")
    wr_id = post_insert(connection, wr_subject="북한 인권 보고서", wr_content="한글 본문입니다.")
    summary = gnuboard_import(source_url=url)
    assert summary.skipped == []
    assert _post(wr_id).title == "북한 인권 보고서"
    assert LegacyBoard.objects.get().board.title == "소식"
    assert "한글 본문입니다." in str(_post(wr_id).body.raw_data)


def test_command_help_in_korean_and_english():
    from candle.importers.management.commands.import_gnuboard import Command

    for language, words in (
        ("ko", ("그누보드5 사이트", "글이 영어로 된 게시판")),
        ("en", ("Safe to run again", "in English")),
    ):
        with translation.override(language):
            text = Command().create_parser("manage.py", "import_gnuboard").format_help()
        assert all(word in text for word in words), text


def test_a_run_on_postgresql_leaves_planner_statistics(scratch_mariadb, site_tree):
    """Without statistics (autovacuum off, or not yet run after the load) PostgreSQL planned
    the search statement as a nested loop over every page for every match: minutes a search.
    A run analyses the tables it filled."""
    from django.db import connection as database
    from django.test.utils import CaptureQueriesContext

    if database.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite plans without gathered statistics")
    url, connection = scratch_mariadb
    tables_create(connection)
    post_insert(connection, wr_subject="통계 시험", wr_content="본문")
    with CaptureQueriesContext(database) as queries:
        gnuboard_import(source_url=url)
    analysed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    assert 'ANALYZE "wagtailsearch_indexentry"' in analysed
    assert 'ANALYZE "wagtailcore_page"' in analysed
