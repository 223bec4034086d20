"""Rich text is cleaned when it is saved and again when it is shown, whoever wrote it (an
editor, an importer, the demo loader, or a row changed behind the page's back)."""

import json

import pytest

from candle.pages.factories import post_make, report_make
from candle.pages.models import PostPage
from candle.pages.richtext import rich_text_clean_shown, rich_text_clean_stored

HOSTILE = (
    '<p>Safe <b>bold</b> <a href="https://nkhr.example/">link</a></p>'
    "<script>alert('s')</script>"
    '<p><img src="x" onerror="alert(1)">picture</p>'
    '<p><a href="javascript:alert(2)">js link</a></p>'
    '<p style="position:fixed;top:0">styled</p>'
    '<iframe src="https://evil.example/frame"></iframe>'
    '<p onclick="alert(3)">clicked</p>'
)


def _assert_clean(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript:", "style=", "evil.example", "onclick", "alert("):
        assert bad not in lowered, bad
    assert "<b>bold</b>" in html
    assert 'href="https://nkhr.example/"' in html


def test_cleaners_remove_hostile_markup():
    _assert_clean(rich_text_clean_stored(HOSTILE))
    _assert_clean(rich_text_clean_shown(HOSTILE))


def test_shown_cleaner_keeps_trusted_video_players_only():
    html = (
        '<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" title="film"></iframe>'
        '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>'
    )
    cleaned = rich_text_clean_shown(html)
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in cleaned
    assert "evil.example" not in cleaned


def test_post_body_is_cleaned_on_save(site_tree):
    post = post_make(site_tree["en"].boards["news"], title="Hostile", body_html=HOSTILE)
    stored = PostPage.objects.get(pk=post.pk)
    raw = json.dumps([dict(block) for block in stored.body.raw_data])
    for bad in ("<script", "onerror", "javascript:", "style=", "evil.example", "onclick"):
        assert bad not in raw, bad
    revision = json.dumps(stored.get_latest_revision().content)
    assert "<script" not in revision and "onerror" not in revision


def test_post_body_is_cleaned_on_output_even_if_the_row_was_changed(client, site_tree):
    post = post_make(site_tree["en"].boards["news"], title="Tampered", body_html="<p>fine</p>")
    # bypass every save hook, as a raw SQL import or a bad migration would
    PostPage.objects.filter(pk=post.pk).update(
        body=json.dumps([{"type": "paragraph", "value": HOSTILE, "id": "a1b2c3"}])
    )
    html = client.get(post.url).content.decode()
    body = html[html.index('<div class="prose">') : html.index("</article>")]
    _assert_clean(body)


def test_work_area_introduction_is_cleaned(client, site_tree):
    from candle.pages.models import WorkAreaPage
    from candle.pages.services import page_content_update

    area = page_content_update(page=site_tree["en"].work_areas["rescue"], intro=HOSTILE)
    stored = WorkAreaPage.objects.get(pk=area.pk).intro
    assert "<script" not in stored and "onerror" not in stored and "javascript:" not in stored
    WorkAreaPage.objects.filter(pk=area.pk).update(intro=HOSTILE)
    html = client.get(area.url).content.decode()
    _assert_clean(html[html.index('<div class="work-area-intro">') : html.index("</main>")])


def test_report_abstract_is_cleaned(client, site_tree):
    from candle.pages.models import ReportPage

    report = report_make(site_tree["en"].library, slug="hostile")
    ReportPage.objects.filter(pk=report.pk).update(abstract=HOSTILE)
    html = client.get(report.url).content.decode()
    _assert_clean(html[html.index('<div class="prose">') : html.index("</main>")])


@pytest.mark.parametrize("field", ["summary", "byline", "title"])
def test_plain_text_fields_are_escaped(client, site_tree, field):
    values = {"title": "Plain", "summary": "s", "byline": "b"}
    values[field] = '<script>alert("x")</script>"><svg onload=alert(1)>'
    post = post_make(site_tree["en"].boards["news"], **values)
    html = client.get(post.url).content.decode()
    assert "<script>alert" not in html
    assert "<svg onload" not in html
    assert "&lt;script&gt;" in html
