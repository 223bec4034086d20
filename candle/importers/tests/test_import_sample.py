"""The shared GnuBoard5 sample (/work/shared/gnuboard5) imported into Candle, checked against
every count in its README, then imported again to show nothing changes.

One import per test (it takes a while), so the checks are grouped into one test with a helper
per subject; a failure names the subject."""

import re

import pytest
from django.core.management import call_command

from candle.core.models import CandleDocument, CandleImage
from candle.importers.models import LegacyBoard, LegacyFile, LegacyPost
from candle.importers.services import gnuboard_import
from candle.pages.models import BoardPage, PostComment, PostPage

pytestmark = [
    pytest.mark.mariadb,
    pytest.mark.django_db,
    # Rendering the imported pages makes image renditions; a temporary file opened while
    # they are made (outside Candle's code) is closed only by the garbage collector.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def _post(bo_table: str, wr_id: int) -> PostPage:
    return LegacyPost.objects.select_related("post").get(bo_table=bo_table, wr_id=wr_id).post


def _html(client, post: PostPage) -> str:
    response = client.get(post.url)
    assert response.status_code == 200, post.url
    return response.content.decode()


def check_counts(summary):
    assert summary.boards == 5
    assert summary.posts == 81
    assert summary.replies == 3
    assert summary.comments == 10
    assert summary.files == 25
    assert summary.inline_images == 11
    assert summary.copies == 1
    assert summary.moved == 1
    assert summary.members == 6
    assert summary.skipped == [], summary.skipped
    # one Candle post per GnuBoard post, except the copy, which is the same post listed twice
    assert PostPage.objects.count() == 80
    assert PostComment.objects.count() == 10
    assert LegacyPost.objects.filter(comment__isnull=True).count() == 81
    assert LegacyBoard.objects.count() == 5
    per_board = {"notice": 8, "news": 32, "press": 12, "eng_news": 15, "report": 13}
    for bo_table, expected in per_board.items():
        board = LegacyBoard.objects.get(bo_table=bo_table).board
        assert PostPage.objects.child_of(board).count() == expected, bo_table
    assert PostPage.objects.filter(pinned=True).count() == 2
    assert set(PostPage.objects.filter(pinned=True).values_list("pk", flat=True)) == {
        _post("notice", 1).pk,
        _post("news", 25).pk,
    }


def check_languages():
    assert LegacyBoard.objects.get(bo_table="eng_news").board.locale.language_code == "en"
    for bo_table in ("notice", "news", "press", "report"):
        assert LegacyBoard.objects.get(bo_table=bo_table).board.locale.language_code == "ko"


def check_copy_and_move(client):
    original = _post("news", 15)
    assert _post("press", 15).pk == original.pk
    press = LegacyBoard.objects.get(bo_table="press").board
    assert list(original.other_boards.all()) == [press]
    html = _html(client, original)
    assert "이 게시물은" not in html and "복사 됨" not in html
    assert original.date.year == 2015
    # the press board lists it
    assert original.title in client.get(press.url).content.decode()
    moved = _post("news", 37)
    assert "이동 됨" not in _html(client, moved)
    assert not LegacyPost.objects.filter(bo_table="press", wr_id=9).exists()
    assert moved.comments.count() == 1


def check_replies_comments_secrets(client):
    parent = _post("news", 8)
    assert _post("news", 9).in_reply_to_id == parent.pk
    assert _post("news", 10).in_reply_to_id == _post("news", 9).pk
    assert _post("eng_news", 13).in_reply_to_id == _post("eng_news", 12).pk
    thread = _post("news", 11).comments.order_by("created_at")
    assert thread.count() == 3
    answer = LegacyPost.objects.get(bo_table="news", wr_id=14).comment
    assert answer.parent == LegacyPost.objects.get(bo_table="news", wr_id=13).comment
    guest = LegacyPost.objects.get(bo_table="news", wr_id=20).comment
    assert guest.author_name == "지나가는방문객"
    secret_comment = LegacyPost.objects.get(bo_table="report", wr_id=7).comment
    assert secret_comment.is_public is False
    assert secret_comment.body not in _html(client, _post("report", 6))
    secret = _post("press", 7)
    assert secret.live is False
    assert client.get("/bbs/board.php?bo_table=press&wr_id=7").status_code == 404
    # plain-text posts keep their line breaks (CRLF bodies too)
    reply = _post("news", 9)
    assert re.search(r"참가 신청합니다\.<br/?>박테스트", reply.body[0].value.source)
    assert "\r" not in reply.body[0].value.source


def check_hostile_html(client):
    for bo_table, wr_id in [
        ("news", 16),
        ("news", 18),
        ("news", 22),
        ("news", 24),
        ("news", 26),
        ("eng_news", 7),
    ]:
        post = _post(bo_table, wr_id)
        html = _html(client, post)
        body = (
            html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
            if '<div class="prose">' in html
            else html
        )
        assert "alert(1)" not in body, (bo_table, wr_id)
        assert "<script" not in body and "onerror" not in body and "javascript:" not in body
        assert "<style" not in body and "MsoNormal" not in body and "<o:p" not in body
    # a subject is text, kept as GnuBoard showed it (literally) and escaped on the page
    workshop = _post("eng_news", 7)
    assert workshop.title == 'Workshop recap: "Know your rights at work" <script>alert(1)</script>'
    page = _html(client, workshop)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "widget.example.net" not in _html(client, _post("news", 16))
    assert "내부 검토 메모" not in _html(client, _post("news", 26))
    assert "서명하러 가기" in _html(client, _post("news", 22))  # the text stays, the link goes
    video = [block for block in _post("news", 24).body if block.block_type == "video"]
    assert video and "Hb1tS4mPLE0" in video[0].value["url"]
    assert "youtube-nocookie.com/embed/Hb1tS4mPLE0" in _html(client, _post("news", 24))
    long_title = _post("news", 31).title
    assert len(long_title) == 110  # GnuBoard kept 111 characters ending in a space


def check_files(client):
    assert CandleDocument.objects.count() + CandleImage.objects.count() == 23 + 11
    korean = LegacyFile.objects.get(bo_table="report", wr_id=5, bf_no=0)
    assert korean.document.title == "청소년_인권의식_조사결과.pdf"
    assert LegacyFile.objects.get(bo_table="report", wr_id=3, bf_no=0).document.file.name.endswith(
        ".hwp"
    )
    poster = LegacyFile.objects.get(bo_table="news", wr_id=7, bf_no=0).image
    assert poster.description == "겨울나기 캠페인 포스터" and (poster.width, poster.height) == (
        360,
        500,
    )
    assert _post("news", 7).attachments.count() == 1
    assert _post("report", 14).attachments.get().document.title == "Annual Report 2023 final.pdf"
    # inline images point at Candle's copies, never at the old site
    post = _post("news", 4)
    source = post.body[0].value.source if post.body[0].block_type == "paragraph" else ""
    assert source.count('embedtype="image"') == 2
    html = _html(client, post)
    assert "hanbit-hr.example/data/editor" not in html
    assert len(re.findall(r'<img [^>]*src="/media/', html)) >= 2 or html.count("<img") >= 2
    assert LegacyFile.objects.exclude(editor_path="").count() == 11
    # links
    assert [link.url for link in _post("news", 6).media_links.all()] == [
        "https://radio.example.net/shows/morning/20140307",
        "https://www.hanbit-hr.example/bbs/board.php?bo_table=report",
    ]


def check_redirects(client):
    post = _post("news", 4)
    response = client.get("/bbs/board.php?bo_table=news&wr_id=4")
    assert response.status_code == 301 and response["Location"] == post.url
    assert client.get("/bbs/board.php?bo_table=press&wr_id=15")["Location"] == _post("news", 15).url
    assert (
        client.get("/bbs/board.php?bo_table=news&wr_id=12")["Location"] == _post("news", 11).url
    )  # a comment
    board = LegacyBoard.objects.get(bo_table="news").board
    response = client.get("/bbs/board.php", {"bo_table": "news", "sca": "성명", "page": "2"})
    assert response.status_code == 301
    assert response["Location"] == f"{board.url}?category=statement&page=2"
    assert client.get("/bbs/board.php?bo_table=news")["Location"] == board.url
    download = client.get("/bbs/download.php?bo_table=report&wr_id=5&no=0")
    assert download.status_code == 301
    assert (
        download["Location"]
        == LegacyFile.objects.get(bo_table="report", wr_id=5, bf_no=0).document.url
    )
    assert client.get("/bbs/download.php?bo_table=press&wr_id=15&no=1").status_code == 301
    assert client.get("/news/4")["Location"] == post.url
    assert client.get("/news")["Location"] == board.url
    for unknown in [
        "/bbs/board.php?bo_table=news&wr_id=9999",
        "/bbs/board.php?bo_table=nope&wr_id=1",
        "/bbs/board.php?bo_table=news&wr_id=1%20or%201=1",
        "/bbs/download.php?bo_table=report&wr_id=5&no=9",
        "/bbs/download.php?bo_table=report",
        "/bbs/board.php",
        "/bbs/download.php?bo_table=news&wr_id=99999999999999999999&no=0",
    ]:
        response = client.get(unknown)
        assert response.status_code == 404, unknown
    assert client.get("/bbs/rss.php?bo_table=news")["Location"] == board.url + "feed/rss/"
    # "wr_id[]" is not "wr_id": GnuBoard would show the board, and so do we
    assert client.get("/bbs/board.php?bo_table=news&wr_id[]=1")["Location"] == board.url


def test_sample_import(gnuboard_sample, site_tree, client):
    url, files, _name = gnuboard_sample
    summary = gnuboard_import(source_url=url, files_dir=files)
    check_counts(summary)
    check_languages()
    check_copy_and_move(client)
    check_replies_comments_secrets(client)
    check_hostile_html(client)
    check_files(client)
    check_redirects(client)

    # the second run changes nothing and duplicates nothing
    pages, images, documents = (
        PostPage.objects.count(),
        CandleImage.objects.count(),
        CandleDocument.objects.count(),
    )
    revisions = sum(p.revisions.count() for p in PostPage.objects.all())
    again = gnuboard_import(source_url=url, files_dir=files)
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == 91
    assert again.posts == 81 and again.comments == 10 and again.files == 25
    assert (
        PostPage.objects.count(),
        CandleImage.objects.count(),
        CandleDocument.objects.count(),
    ) == (pages, images, documents)
    assert sum(p.revisions.count() for p in PostPage.objects.all()) == revisions
    assert PostComment.objects.count() == 10


def test_sample_dry_run_changes_nothing(gnuboard_sample, site_tree, capsys):
    url, files, _name = gnuboard_sample
    pages = PostPage.objects.count()
    call_command("import_gnuboard", "--source", url, "--files", str(files), "--dry-run", "-v0")
    out = capsys.readouterr().out
    assert PostPage.objects.count() == pages
    assert not LegacyPost.objects.exists() and not LegacyBoard.objects.exists()
    assert CandleImage.objects.count() == 0 and CandleDocument.objects.count() == 0
    assert "81" in out and "91" in out  # posts, rows to create


def test_board_option_puts_posts_into_an_existing_board(gnuboard_sample, site_tree):
    url, files, _name = gnuboard_sample
    notices = site_tree["ko"].boards["notices"]
    summary = gnuboard_import(source_url=url, files_dir=files, board_slugs={"notice": "notices"})
    assert summary.skipped == []
    assert LegacyBoard.objects.get(bo_table="notice").board.pk == notices.pk
    assert PostPage.objects.child_of(notices).count() == 8
    assert not BoardPage.objects.filter(slug="notice").exists()
