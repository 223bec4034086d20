"""The narrow read of a result's text (``texts.result_texts``) against the pages read whole as
their own types (the way results were marked until 2026-12-06): the same text for every
page of a site's tree, and the same results page (pages, order, count, addresses, labels,
dates, marked titles and snippets) for Korean, English, compound, several-word and
attachment queries in both languages, restricted and draft pages never among them."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page, PageViewRestriction

from candle.core.models import CandleDocument
from candle.pages.models import PostPage, ReportPage
from candle.pages.services import post_create, report_create
from candle.search import texts
from candle.search.snippets import QueryMatcher, highlight, snippet

from .pdfs import pdf_bytes

pytestmark = pytest.mark.django_db


def _document(name: str, lines, capture, *, extract: bool = True) -> CandleDocument:
    document = CandleDocument(title=name)
    document.file.save(name, ContentFile(pdf_bytes(lines)), save=False)
    if extract:
        with capture(execute=True):
            document.save()
    else:
        document.save()  # no on_commit run: its text is still pending
    document.refresh_from_db()
    return document


@pytest.fixture
def archive(site_tree, django_capture_on_commit_callbacks):
    """Posts and reports of both languages with what a snippet is cut from: summaries,
    rich-text bodies with markup and entities, bylines, attachments (extracted, pending,
    several in order), a report's PDF; a restricted post and a draft that match too."""
    capture = django_capture_on_commit_callbacks
    ko, en = site_tree["ko"], site_tree["en"]
    first = _document("a.pdf", ["Testimony from the Onsong holding centre"], capture)
    second = _document("b.pdf", ["Onsong detainees were moved in 2019"], capture)
    pending = _document("c.pdf", ["Onsong pending text"], capture, extract=False)
    survey = _document("d.pdf", ["Annual survey of abductee families in Gangwon"], capture)
    scanned = _document("e.pdf", None, capture)  # no text: a scan
    pages = {
        "ko_post": post_create(
            board=ko.boards["news"],
            title="강제송환 중단을 촉구합니다",
            summary="중국 국경에서 강제송환되었다는 소식이 이어지고 있습니다.",
            body_html=(
                "<p>북한이탈주민 &lt;증언&gt; &amp; 기록: 강제송환 이후 <b>구금</b>된 "
                "사례가 많습니다.</p><h2>인신매매</h2><p>인신매매 피해 여성의 "
                "증언을 모았습니다.<br/>북한 인권 보고서를 함께 보십시오.</p>"
            ),
            byline="북한인권팀",
            attachments=[(first, "증언"), (pending, ""), (second, "")],
        ),
        "ko_post_plain": post_create(
            board=ko.boards["statements"],
            title="인신매매 피해자 지원 성명",
            summary="인신매매 재단의 북한 인권 보고서 발간에 부쳐.",
        ),
        "en_post": post_create(
            board=en.boards["news"],
            title="Refugees in China face forced repatriation",
            summary="North Korean refugees were repatriated from the border.",
            body_html="<p>Refugees &amp; escapees told us about the Onsong centre.</p>",
            attachments=[(second, "")],
        ),
        "ko_report": report_create(
            library=ko.library,
            slug="survey-ko",
            title="납북자 가족 실태 보고서",
            year=2024,
            abstract="<p>강원도 납북자 가족 조사. <i>강제송환</i> 사례 포함.</p>",
            pdf=survey,
            authors="조사팀",
        ),
        "en_report": report_create(
            library=en.library,
            slug="survey-en",
            title="Abductee families survey",
            year=2023,
            abstract="<p>Findings on forced repatriation &amp; abductions.</p>",
            pdf=scanned,
            document_language="en",
        ),
        "private": post_create(
            board=ko.boards["notices"],
            title="강제송환 회원 전용 Onsong",
            summary="회원에게만 보이는 강제송환 글, refugees.",
        ),
        "draft": post_create(
            board=ko.boards["news"],
            title="강제송환 초안",
            summary="아직 발행하지 않은 강제송환 글",
            publish=False,
        ),
    }
    PageViewRestriction.objects.create(
        page=pages["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return pages


def test_every_pages_text_is_its_text_read_whole(archive):
    """Every page of the tree, of every type, through the narrow read and read whole."""
    pages = list(Page.objects.filter(depth__gt=1).order_by("pk"))
    assert len({page.content_type_id for page in pages}) >= 6  # home, standard, board, post…
    narrow = texts.result_texts(pages)
    for page in pages:
        whole = page.specific
        assert narrow[page.pk].text == texts.page_text(whole), whole
        assert narrow[page.pk].shown == {
            name: getattr(whole, name) for name in texts.shown_names(type(whole))
        }
    post = narrow[archive["ko_post"].pk].text
    assert "북한이탈주민 & 기록" in post  # entities as the index reads them, tags gone
    assert post.index("holding centre") < post.index("detainees")  # attachments in order
    assert "pending" not in post  # not extracted yet: not in the index either
    assert "Gangwon" in narrow[archive["ko_report"].pk].text


def test_a_type_with_an_unknown_method_field_is_read_whole(archive, monkeypatch):
    """A search field the narrow read does not know (a method not in ``DERIVED``) makes its
    type read whole, with the same text."""
    from modelsearch.index import SearchField

    texts._plan.cache_clear()
    monkeypatch.setattr(
        PostPage, "search_fields", [*PostPage.search_fields, SearchField("get_admin_display_title")]
    )
    try:
        assert texts._plan(PostPage) is None
        page = Page.objects.get(pk=archive["ko_post"].pk)
        read = texts.result_texts([page])[page.pk]
        assert read.text == texts.page_text(page.specific)
        assert read.text.endswith("강제송환 중단을 촉구합니다")  # the method's value, last
    finally:
        texts._plan.cache_clear()


def _expected(page: Page, query: str) -> tuple:
    """What the results page showed for ``page`` when results were read whole."""
    whole = page.specific
    matcher = QueryMatcher(query)
    values = {name: getattr(whole, name) for name in texts.shown_names(type(whole))}
    return (
        whole.get_url(),
        str(highlight(whole.title, matcher)),
        str(snippet(texts.page_text(whole), matcher)),
        values.get("date") or whole.first_published_at,
        values.get("year"),
    )


def _shown(row) -> tuple:
    return (row["url"], str(row["title"]), str(row["snippet"]), row["date"], row["year"])


QUERIES = [
    ("ko", "강제송환", {}),  # Korean, in titles, summaries, a body and an abstract
    ("ko", "강제송환되었다", {}),  # a word of two morphemes (a phrase)
    ("ko", "북한 인권 보고서", {}),  # several words
    ("ko", "인신매매", {}),  # a compound Kiwi splits two ways
    ("ko", "Onsong", {"all": "1"}),  # only in the posts' PDF attachments
    ("ko", "Gangwon", {}),  # only in a report's PDF
    ("en", "refugees", {}),  # English, stemmed
    ("en", "forced repatriation", {}),
    ("en", "강제송환", {"all": "1"}),  # both languages from the English page
    ("ko", "강제송환", {"type": "reports"}),
]


@pytest.mark.parametrize(("language", "query", "params"), QUERIES)
def test_results_show_what_the_pages_read_whole_gave(client, archive, language, query, params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows, query
    shown = [row["page"].pk for row in rows]
    assert archive["private"].pk not in shown and archive["draft"].pk not in shown
    for row in rows:
        page = Page.objects.get(pk=row["page"].pk)
        assert _shown(row) == _expected(page, query), (query, page.title)
    assert "<mark>" in response.content.decode()


def test_an_attachment_query_marks_the_attachments_text(client, archive):
    rows = client.get("/ko/search/", {"q": "Onsong", "all": "1"}).context["rows"]
    by_pk = {row["page"].pk: row for row in rows}
    assert set(by_pk) == {archive["ko_post"].pk, archive["en_post"].pk}
    assert "<mark>Onsong</mark>" in str(by_pk[archive["ko_post"].pk]["snippet"])


def test_a_reports_pdf_without_text_gives_the_same_text_either_way(archive):
    """A report whose PDF could not be read and one whose PDF is a scan with no text."""
    report = ReportPage.objects.get(pk=archive["ko_report"].pk)
    CandleDocument.objects.filter(pk=report.pdf_id).update(
        text_status=CandleDocument.TextStatus.FAILED
    )
    pages = list(Page.objects.filter(pk__in=[archive["ko_report"].pk, archive["en_report"].pk]))
    narrow = texts.result_texts(pages)
    for page in pages:
        assert narrow[page.pk].text == texts.page_text(page.specific)
    assert "Gangwon" not in narrow[archive["ko_report"].pk].text
