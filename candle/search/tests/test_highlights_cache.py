"""The kept highlights (``search_highlights``): a results page asked again is not marked again,
and what is kept never outlives a change to the text it was made from."""

import pytest
from wagtail.models import Page
from wagtail.search import index

from candle.pages.services import post_create
from candle.search import analysis, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts_read(monkeypatch):
    """The pages whose text was read to be marked, request by request."""
    read = []
    real = selectors.result_texts
    monkeypatch.setattr(
        selectors, "result_texts", lambda pages: read.extend(p.pk for p in pages) or real(pages)
    )
    return read


def _rows(client, query: str = "강제송환", **params) -> list[dict]:
    response = client.get("/ko/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.context["rows"]


def test_the_same_results_are_not_marked_again(client, refugees_post, data_cache_on, texts_read):
    first = _rows(client)
    assert texts_read == [refugees_post.pk]
    second = _rows(client)
    assert texts_read == [refugees_post.pk]  # kept: nothing read again
    assert [str(r["snippet"]) for r in first] == [str(r["snippet"]) for r in second]
    assert "<mark>강제송환되었다는</mark>" in str(second[0]["snippet"])
    assert str(second[0]["title"]) == "<mark>강제송환</mark> 소식"
    _rows(client, "소식")  # other words: marked on their own
    assert texts_read.count(refugees_post.pk) == 2


def test_off_with_the_data_cache_or_its_seconds_at_zero(
    client, refugees_post, data_cache_on, texts_read, settings
):
    settings.CANDLE_SEARCH_RESULTS_SECONDS = 0
    _rows(client)
    _rows(client)
    assert texts_read == [refugees_post.pk, refugees_post.pk]


def test_a_new_revision_is_marked_afresh(
    client, refugees_post, data_cache_on, django_capture_on_commit_callbacks
):
    assert "국경에서" in str(_rows(client)[0]["snippet"])
    refugees_post.summary = "해상에서 강제송환되었다는 새 소식입니다."
    with django_capture_on_commit_callbacks(execute=True):
        refugees_post.save_revision().publish()
    snippet = str(_rows(client)[0]["snippet"])
    assert "해상에서" in snippet and "국경에서" not in snippet


def test_an_index_write_forgets_the_kept_highlights(
    client, refugees_post, data_cache_on, django_capture_on_commit_callbacks, texts_read
):
    """Text that changes without a publish (a document's text extracted later) is written to
    the index, and that write forgets what was kept."""
    _rows(client)
    Page.objects.filter(pk=refugees_post.pk).update(search_description="강제송환 반대 성명 전문")
    assert "반대 성명" not in str(_rows(client)[0]["snippet"])  # kept: no index write yet
    with django_capture_on_commit_callbacks(execute=True):
        index.insert_or_update_object(Page.objects.get(pk=refugees_post.pk).specific)
    assert "반대 성명" in str(_rows(client)[0]["snippet"])


def test_the_title_shown_is_always_the_pages_own(client, refugees_post, data_cache_on):
    _rows(client)
    Page.objects.filter(pk=refugees_post.pk).update(
        title="강제송환 소식 (정정)"
    )  # behind Wagtail's back
    assert str(_rows(client)[0]["title"]) == "<mark>강제송환</mark> 소식 (정정)"


def test_markup_in_a_page_stays_escaped_when_kept(client, site_tree, data_cache_on):
    post_create(
        board=site_tree["ko"].boards["news"],
        title="강제송환 <script>alert(1)</script>",
        summary="강제송환 & <b>굵게</b>",
    )
    for _ in range(2):  # made, then kept
        response = client.get("/ko/search/", {"q": "강제송환"})
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_query_is_analysed_once_and_its_terms_cannot_be_spoilt(monkeypatch):
    calls = []
    real = analysis._analyse_query
    monkeypatch.setattr(analysis, "_query_memo", {})
    monkeypatch.setattr(
        analysis, "_analyse_query", lambda q, **kw: calls.append(q) or real(q, **kw)
    )
    first = analysis.analyse_query("북한난민을 돕는 단체")
    first.clear()  # a caller changing its list changes nobody else's
    second = analysis.analyse_query("북한난민을 돕는 단체")
    assert calls == ["북한난민을 돕는 단체"]
    assert [t.tokens for t in second][:2] == [["북한", "난민"], ["돕"]]


def test_a_changed_user_dictionary_analyses_the_query_again(monkeypatch):
    monkeypatch.setattr(analysis, "_query_memo", {})
    saved = dict(analysis._user_words)
    try:
        before = analysis.analyse_query("가나다라연구소를")[0]
        analysis.user_words_apply({**saved, "가나다라연구소": "NNP"})
        after = analysis.analyse_query("가나다라연구소를")[0]
    finally:
        analysis.user_words_apply(saved)
    assert before.tokens != ["가나다라연구소"] and after.tokens == ["가나다라연구소"]
