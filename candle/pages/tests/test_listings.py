"""Boards, work areas and the report library: what a reader sees listed, in what order."""

import datetime
import re
import unicodedata

import pytest
from django.utils import timezone

from candle.pages.factories import (
    CandleDocumentFactory,
    category,
    post_make,
    posts_make,
    report_make,
    work_area,
)


def _titles(html: str) -> list[str]:
    """Post titles in the order the listing shows them (without the "pinned" badge)."""
    return [
        re.sub(r"<[^>]+>", "", re.sub(r'<span class="badge">.*?</span>', "", title)).strip()
        for _level, title in re.findall(r'<h([23]) class="post-card-title">(.*?)</h\1>', html, re.S)
    ]


def _page_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    return re.findall(r">(\d+)</a>", nav.group(0)) if nav else []


# --- boards ------------------------------------------------------------------------------


def test_board_lists_newest_first_with_pinned_on_top(client, site_tree):
    board = site_tree["ko"].boards["notices"]
    post_make(board, title="오래된 공지", days_ago=30, pinned=True)
    post_make(board, title="어제 소식", days_ago=1)
    post_make(board, title="오늘 소식", days_ago=0)
    post_make(board, title="초안 소식", days_ago=0, publish=False)
    html = client.get(board.url).content.decode()
    assert _titles(html) == ["오래된 공지", "오늘 소식", "어제 소식"]
    assert html.count('<span class="badge">') == 1
    assert "초안 소식" not in html


def test_board_paginates_with_numbered_pages(client, site_tree):
    board = site_tree["en"].boards["news"]
    posts_make(board, 40, prefix="Item")  # 15 a page → 3 pages
    first = client.get(board.url).content.decode()
    assert _titles(first)[:2] == ["Item 000", "Item 001"]
    assert len(_titles(first)) == 15
    assert _page_links(first) == ["1", "2", "3"]
    assert 'aria-current="page" href="?page=1"' in first
    third = client.get(board.url, {"page": 3}).content.decode()
    assert _titles(third) == [f"Item {n:03d}" for n in range(30, 40)]
    assert 'rel="prev"' in third and 'rel="next"' not in third
    # past the end shows the last page rather than an error
    assert _titles(client.get(board.url, {"page": 99}).content.decode()) == _titles(third)


def test_board_pagination_elides_far_pages(client, site_tree, monkeypatch):
    from candle.pages.models import BoardPage

    monkeypatch.setattr(BoardPage, "posts_per_page", 2)
    board = site_tree["ko"].boards["news"]
    posts_make(board, 19, prefix="Item")  # 10 pages
    html = client.get(board.url, {"page": 5}).content.decode()
    assert _page_links(html) == ["1", "2", "3", "4", "5", "6", "7", "10"]
    assert '<span aria-hidden="true">…</span>' in html
    html = client.get(board.url, {"page": 10}).content.decode()
    assert _page_links(html) == ["1", "8", "9", "10"]
    assert _titles(html) == ["Item 018"]


def test_board_filters_by_category(client, site_tree):
    board = site_tree["ko"].boards["statements"]
    board.categories.set([category("statement"), category("un")])
    post_make(board, title="유엔 발언", categories=[category("un")])
    post_make(board, title="단체 성명", categories=[category("statement")])
    html = client.get(board.url, {"category": "un"}).content.decode()
    assert _titles(html) == ["유엔 발언"]
    assert '<option value="un" selected>' in html
    assert _titles(client.get(board.url, {"category": "no-such"}).content.decode()) == []


def test_board_filters_by_year(client, site_tree):
    board = site_tree["en"].boards["press"]
    post_make(board, title="From 2019", date=timezone.make_aware(datetime.datetime(2019, 6, 1)))
    post_make(board, title="From 2023", date=timezone.make_aware(datetime.datetime(2023, 6, 1)))
    html = client.get(board.url, {"year": "2019"}).content.decode()
    assert _titles(html) == ["From 2019"]
    assert '<option value="2023">2023</option>' in html
    assert '<option value="2019" selected>' in html
    # a year out of range is ignored rather than failing
    assert len(_titles(client.get(board.url, {"year": "99999"}).content.decode())) == 2


def test_the_pages_of_a_filtered_board_keep_its_filters(client, site_tree, monkeypatch):
    from candle.pages.models import BoardPage

    monkeypatch.setattr(BoardPage, "posts_per_page", 2)
    board = site_tree["ko"].boards["statements"]
    board.categories.set([category("un")])
    in_2023 = timezone.make_aware(datetime.datetime(2023, 6, 1))
    for number in range(5):
        post_make(
            board,
            title=f"유엔 {number}",
            date=in_2023 - datetime.timedelta(days=number),
            categories=[category("un")],
        )
    post_make(board, title="다른 해", date=timezone.make_aware(datetime.datetime(2021, 6, 1)))
    post_make(board, title="분류 없음", date=in_2023)
    first = client.get(board.url, {"category": "un", "year": "2023"}).content.decode()
    assert 'href="?category=un&amp;year=2023&amp;page=2"' in first
    assert 'href="?category=un&amp;year=2023&amp;page=3"' in first
    second = client.get(board.url, {"category": "un", "year": "2023", "page": 2}).content.decode()
    assert _titles(second) == ["유엔 2", "유엔 3"]
    # without filters the links stay plain
    assert 'href="?page=2"' in client.get(board.url).content.decode()
    # a hostile category value is escaped in the links, never markup
    hostile = client.get(board.url, {"category": '"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in hostile


def test_the_pages_of_a_filtered_report_library_keep_its_filters(client, site_tree, monkeypatch):
    from candle.pages.models import ReportIndexPage

    monkeypatch.setattr(ReportIndexPage, "reports_per_page", 2)
    library = site_tree["en"].library
    for number in range(3):
        report_make(library, slug=f"y23-{number}", year=2023, document_language="en")
    report_make(library, slug="y21", year=2021, document_language="en")
    html = client.get(library.url, {"year": "2023", "language": "en"}).content.decode()
    assert 'href="?language=en&amp;year=2023&amp;page=2"' in html
    second = client.get(library.url, {"year": "2023", "language": "en", "page": 2})
    assert len(_report_titles(second.content.decode())) == 1


def test_post_on_two_boards_shows_once_on_each(client, site_tree):
    ko = site_tree["ko"]
    post = post_make(
        ko.boards["statements"],
        title="공동 성명",
        other_boards=[ko.boards["press"], ko.boards["news"]],
    )
    for board in (ko.boards["statements"], ko.boards["press"], ko.boards["news"]):
        assert _titles(client.get(board.url).content.decode()).count("공동 성명") == 1, board.slug
    assert "공동 성명" not in _titles(client.get(ko.boards["notices"].url).content.decode())
    # one page, not copies: the post page names every board it is on
    html = client.get(post.url).content.decode()
    assert post.__class__.objects.filter(title="공동 성명").count() == 1
    for board in (ko.boards["statements"], ko.boards["press"], ko.boards["news"]):
        assert f'href="{board.url}"' in html


def test_post_listed_on_korean_board_shows_on_that_language_only(client, site_tree):
    post_make(
        site_tree["ko"].boards["statements"],
        title="한국어만",
        other_boards=[site_tree["ko"].boards["press"]],
    )
    assert "한국어만" not in client.get(site_tree["en"].boards["press"].url).content.decode()


def test_board_offers_its_feeds(client, site_tree):
    html = client.get("/en/news/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/en/news/feed/rss/"' in html
    assert 'type="application/atom+xml"' in html and 'href="/en/news/feed/atom/"' in html
    assert '<a href="/en/news/feed/rss/">RSS</a> · <a href="/en/news/feed/atom/">Atom</a>' in html


def test_feed_addresses_are_the_ones_routablepageurl_gives(rf, site_tree):
    """``BoardPage.feed_urls`` works the address out once for both feeds; it must agree with
    Wagtail's tag on every board of both languages."""
    from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import (
        routablepageurl,
    )

    boards = [board for tree in site_tree.values() for board in tree.boards.values()]
    assert len(boards) >= 2
    for board in boards:
        request = rf.get(board.url)
        context = {"request": request}
        assert board.feed_urls(request) == {
            "rss": routablepageurl(context, board, "feed_rss"),
            "atom": routablepageurl(context, board, "feed_atom"),
        }


# --- home --------------------------------------------------------------------------------


def test_home_shows_latest_posts_across_boards_in_its_language(client, site_tree):
    ko = site_tree["ko"]
    post_make(ko.boards["news"], title="뉴스 하나", days_ago=2)
    post_make(ko.boards["statements"], title="성명 하나", days_ago=1)
    post_make(ko.boards["press"], title="초안", publish=False)
    post_make(site_tree["en"].boards["news"], title="English only")
    html = client.get("/ko/").content.decode()
    assert _titles(html) == ["성명 하나", "뉴스 하나"]


def test_home_shows_mission_highlight_and_impact_figures(client, site_tree):
    from candle.pages.services import page_content_update

    home = site_tree["en"].home
    appeal = site_tree["en"].standard["membership"]
    page_content_update(
        page=home,
        highlight_page=appeal,
        highlight_label="Urgent appeal",
        highlight_text="Help a family reach safety.",
        impact_figures=[
            (
                "figure",
                {"figure": "1,156", "label": "refugees helped to safety", "as_of": "December 2022"},
            )
        ],
    )
    html = client.get("/en/").content.decode()
    assert home.mission in html
    assert "Urgent appeal" in html and f'href="{appeal.url}"' in html
    assert '<span class="figure">1,156</span>' in html
    assert "December 2022" in html


# --- work areas --------------------------------------------------------------------------


def test_work_area_lists_its_tagged_posts_only(client, site_tree):
    ko = site_tree["ko"]
    rescue = work_area("rescue")
    post_make(ko.boards["news"], title="구출 소식", work_areas=[rescue], days_ago=1)
    post_make(
        ko.boards["statements"], title="구출 성명", work_areas=[rescue, work_area("advocacy")]
    )
    post_make(ko.boards["news"], title="교육 소식", work_areas=[work_area("education")])
    post_make(ko.boards["news"], title="구출 초안", work_areas=[rescue], publish=False)
    post_make(site_tree["en"].boards["news"], title="Rescue news", work_areas=[rescue])
    html = client.get(ko.work_areas["rescue"].url).content.decode()
    assert _titles(html) == ["구출 성명", "구출 소식"]
    assert "북한난민 구호" in html
    en_html = client.get(site_tree["en"].work_areas["rescue"].url).content.decode()
    assert _titles(en_html) == ["Rescue news"]
    assert "Posts about Refugee Rescue" in en_html


def test_a_long_work_area_offers_a_few_page_links_not_all(client, site_tree, monkeypatch):
    from candle.pages.models import WorkAreaPage

    monkeypatch.setattr(WorkAreaPage, "posts_per_page", 1)
    rescue = work_area("rescue")
    posts_make(site_tree["ko"].boards["news"], 12, prefix="구출", work_areas=[rescue])
    html = client.get(site_tree["ko"].work_areas["rescue"].url, {"page": 6}).content.decode()
    assert _page_links(html) == ["1", "4", "5", "6", "7", "8", "12"]
    assert html.count('<span aria-hidden="true">…</span>') == 2


def test_the_page_links_escape_what_they_carry():
    from django.core.paginator import Paginator

    from candle.pages.templatetags.candle_tags import pagination

    page = Paginator(list(range(30)), 10).get_page(2)
    html = pagination(page, 'q="><b>&')
    assert "<b>" not in html and 'href="?q=&quot;&gt;&lt;b&gt;&amp;page=1" rel="prev"' in html
    assert 'aria-current="page" href="?q=&quot;&gt;&lt;b&gt;&amp;page=2"' in html
    assert 'rel="next"' in html
    assert pagination(Paginator([1], 10).get_page(1)) == ""


def test_work_area_shows_its_introduction(client, site_tree):
    from candle.pages.services import page_content_update

    page_content_update(
        page=site_tree["en"].work_areas["youth"], intro="<p>Classes for <b>young</b> people.</p>"
    )
    html = client.get("/en/youth/").content.decode()
    assert "Classes for <b>young</b> people." in html


# --- posts -------------------------------------------------------------------------------


def test_post_shows_attachments_with_type_and_size(client, site_tree):
    from candle.pages.templatetags.candle_tags import filesize

    document = CandleDocumentFactory(title="Annual report")
    size = filesize(document.get_file_size())
    assert size.endswith(" B")
    post = post_make(
        site_tree["en"].boards["news"],
        title="Our annual report",
        attachments=[(document, "Annual report 2023")],
        media_links=[
            ("Coverage in a newspaper", "https://news.example/article", "The Example Times", None)
        ],
    )
    html = client.get(post.url).content.decode()
    assert f'href="{document.url}"' in html
    assert "Annual report 2023" in html
    assert f'<span class="file-meta">(PDF, {size})</span>' in html
    assert 'href="https://news.example/article"' in html and "The Example Times" in html
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_post_shows_date_byline_summary_categories_and_work_areas(client, site_tree):
    post = post_make(
        site_tree["ko"].boards["statements"],
        title="성명서",
        byline="김가명 사무국장",
        summary="요약 문장",
        categories=[category("statement")],
        work_areas=[work_area("advocacy")],
    )
    html = client.get(post.url).content.decode()
    assert "김가명 사무국장" in html and "요약 문장" in html
    assert '<span class="tag">성명</span>' in html
    assert '<span class="tag tag-area">옹호·캠페인</span>' in html


def test_filesize_reads_like_a_person_would_say_it():
    from candle.pages.templatetags.candle_tags import filesize

    assert filesize(588) == "588 B"
    assert filesize(1536) == "1.5 KB"
    assert filesize(5 * 1024 * 1024) == "5.0 MB"
    assert filesize(None) == ""


def test_post_body_blocks_render(client, site_tree):
    from candle.pages.factories import CandleImageFactory

    image = CandleImageFactory()
    post = post_make(
        site_tree["en"].boards["news"],
        title="Blocks",
        body=[
            ("paragraph", "<p>Plain <b>words</b>.</p>"),
            (
                "image",
                {"image": image, "alt_text": "Volunteers at a desk", "caption": "Our office"},
            ),
            ("quote", {"text": "We were finally free.", "attribution": "Jane Example"}),
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=abcdefghijk",
                    "title": "Our film",
                    "caption": "",
                },
            ),
        ],
    )
    html = client.get(post.url).content.decode()
    assert "Plain <b>words</b>." in html
    assert 'alt="Volunteers at a desk"' in html and "srcset=" in html and 'loading="lazy"' in html
    assert "<figcaption>Our office</figcaption>" in html
    assert "We were finally free." in html and "Jane Example" in html
    assert (
        'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
        and 'title="Our film"' in html
    )


# --- report library ----------------------------------------------------------------------


@pytest.fixture
def library(site_tree):
    library = site_tree["en"].library
    report_make(
        library, slug="camps", year=2021, document_language="en", topics=("prison-camps", "torture")
    )
    report_make(library, slug="women", year=2023, document_language="ko", topics=("womens-rights",))
    report_make(
        library, slug="children", year=2023, document_language="ko+en", topics=("childrens-rights",)
    )
    report_make(library, slug="draft", year=2024, publish=False)
    return library


def _report_titles(html: str) -> list[str]:
    return re.findall(r'<li class="report-card">.*?<h2><a [^>]*>(.*?)</a>', html, re.S)


def test_report_library_lists_live_reports_newest_first(client, library):
    html = client.get(library.url).content.decode()
    assert _report_titles(html) == ["Report children", "Report women", "Report camps"]
    assert "Download PDF" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": "torture"}, ["Report camps"]),
        ({"year": "2023"}, ["Report children", "Report women"]),
        ({"language": "ko"}, ["Report women"]),
        ({"language": "ko+en"}, ["Report children"]),
        ({"year": "2023", "topic": "womens-rights"}, ["Report women"]),
        ({"topic": "resettlement"}, []),
        ({"language": "xx"}, ["Report children", "Report women", "Report camps"]),
    ],
)
def test_report_library_filters(client, library, query, expected):
    assert _report_titles(client.get(library.url, query).content.decode()) == expected


def test_report_page_offers_its_pdf(client, library):
    from candle.pages.models import ReportPage

    report = ReportPage.objects.get(slug="camps")
    html = client.get(report.url).content.decode()
    assert f'href="{report.pdf.url}"' in html
    assert "Political prison camps" in html and "Torture" in html
    assert "2021" in html and "Jane Example" in html


@pytest.mark.parametrize(
    "summary",
    [
        "짧은 요약",
        "가" * 220,
        "가" * 221,  # one over: cut with an ellipsis
        "북한 인권 " * 60,
        unicodedata.normalize("NFD", "한글 자모로 나뉜 요약 " * 5),  # normalised to NFC
        unicodedata.normalize("NFD", "한" * 300),
    ],
)
def test_card_summary_is_what_truncator_gives(summary):
    from django.utils.text import Truncator

    from candle.pages.templatetags.candle_tags import _summary_shown

    assert _summary_shown(summary) == Truncator(summary).chars(220)


@pytest.mark.django_db
def test_home_shows_a_post_on_two_boards_once_and_still_six_posts(client, site_tree):
    """The home page reads listing rows newest first until six different posts are found: a
    post listed on two boards (two rows) counts once, in its place."""
    ko = site_tree["ko"]
    for day in range(1, 7):
        post_make(ko.boards["news"], title=f"소식 {day}", days_ago=day)
    post_make(
        ko.boards["statements"],
        title="두 게시판 성명",
        date=timezone.now() - datetime.timedelta(hours=12),
        other_boards=[ko.boards["news"], ko.boards["press"]],
    )
    titles = _titles(client.get("/ko/").content.decode())
    assert titles == ["두 게시판 성명", "소식 1", "소식 2", "소식 3", "소식 4", "소식 5"]
