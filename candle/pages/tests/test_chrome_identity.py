"""The hot pages are byte for byte what they were before issue 28's rendering work.

Board page 1, a deep board page, a post with comments and attachments-free body, and the home
page, in both languages, for an anonymous reader and for signed-in staff, rendered from fixed
content (fixed dates, titles and slugs), compared with HTML written by the code before the
change (``golden/chrome/``: made with ``CANDLE_GOLDEN_WRITE=1`` on commit ece9c96, main before
issue 28's template work). Each page is rendered twice in a row, with the data cache off and
on, so what is kept per process or in the data cache shows the same as a fresh render.

Database ids differ between runs and databases, so the one place a page shows one (the
language switch of a page without a translation, ``/language/en/<id>/``) is compared with
the id replaced. A deliberate change to the chrome regenerates the files:
``CANDLE_GOLDEN_WRITE=1 uv run pytest candle/pages/tests/test_chrome_identity.py``, and
the diff is reviewed like any other.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

from candle.pages.factories import category, post_make
from candle.pages.models import PostComment

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "chrome"
WRITE = os.environ.get("CANDLE_GOLDEN_WRITE") == "1"
_IDS = re.compile(rb"/language/(ko|en)/\d+/")


def _when(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2025, 3, 1, hour, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        days=day
    )


def _content(site_tree) -> dict[str, str]:
    ko, en = site_tree["ko"], site_tree["en"]
    un = category("un")
    ko.boards["news"].categories.add(un, category("statement"))  # the category filter shows
    for n in range(40):
        post_make(
            ko.boards["news"],
            title=f"소식 {n:02d} <b>&</b> \"따옴표\" '작은'",
            slug=f"sosik-{n:02d}",
            date=_when(-n),
            categories=[un] if n % 3 == 0 else [],
            pinned=n == 7,
        )
        post_make(en.boards["news"], title=f"News {n:02d}", slug=f"news-{n:02d}", date=_when(-n))
    post = post_make(
        ko.boards["news"],
        title="댓글이 있는 글",
        slug="comments",
        date=_when(1),
        summary="요약 <i>기울임</i> & 기호",
        body_html='<p>본문 <b>굵게</b> 그리고 <a href="https://example.org/">링크</a></p>',
        categories=[un],
    )
    first = PostComment.objects.create(
        post=post, author_name="가명 하나", body="첫 댓글\n둘째 줄 <b>굵게</b>", created_at=_when(2)
    )
    PostComment.objects.create(
        post=post, parent=first, author_name="가명 둘", body="답", created_at=_when(2, 10)
    )
    PostComment.objects.create(
        post=post, author_name="가명 셋", body="숨김", created_at=_when(2, 11), is_public=False
    )
    en_post = post_make(
        en.boards["news"], title="A post", slug="a-post", date=_when(1), body_html="<p>Text</p>"
    )
    return {
        "ko-board-1": ko.boards["news"].url,
        "ko-board-3": ko.boards["news"].url + "?page=3",
        "ko-board-filtered": ko.boards["news"].url + "?category=un&year=2025",
        "ko-post": post.url,
        "ko-home": "/ko/",
        "en-board-1": en.boards["news"].url,
        "en-board-3": en.boards["news"].url + "?page=3",
        "en-board-filtered": en.boards["news"].url + "?year=2024",
        "en-post": en_post.url,
        "en-home": "/en/",
    }


def _render(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return _IDS.sub(rb"/language/\1/ID/", response.content)


@pytest.mark.parametrize("reader", ["anonymous", "staff"])
@pytest.mark.parametrize("data_cache", [False, True])
def test_hot_pages_are_what_they_were(client, site_tree, settings, reader, data_cache):
    from candle.caching.store import page_cache

    settings.CANDLE_DATA_CACHE_ENABLED = data_cache
    page_cache().clear()
    if reader == "staff":
        from django.contrib.auth import get_user_model

        client.force_login(
            get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
        )
    pages = _content(site_tree)
    for name, url in pages.items():
        first, second = _render(client, url), _render(client, url)
        assert first == second, name
        golden = GOLDEN / f"{name}-{reader}.html"
        if WRITE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(first)
            continue
        assert first == golden.read_bytes(), name
    page_cache().clear()
    # the pages show what they should: nothing here passes by comparing two empty pages
    board = (GOLDEN / f"ko-board-1-{reader}.html").read_bytes().decode()
    assert "소식 00 &lt;b&gt;&amp;&lt;/b&gt; &quot;따옴표&quot; &#x27;작은&#x27;" in board
    assert 'hreflang="en"' in board and 'class="language-switch"' in board
    post = (GOLDEN / f"ko-post-{reader}.html").read_bytes().decode()
    assert "가명 둘" in post and "숨김" not in post and "<b>굵게</b>" in post


# The markup ``head_meta`` replaced in base.html (main at ece9c96), as the template wrote it.
_HEAD_BEFORE = """{% load wagtailimages_tags candle_tags %}{% with org=settings.pages.OrganisationSettings %}
  <meta property="og:site_name" content="{{ org.name }}">
  <meta property="og:title" content="{% firstof page.seo_title page.title %}">
  <meta property="og:description" content="{{ description }}">
  <meta property="og:locale" content="{% if LANGUAGE == 'ko' %}ko_KR{% else %}en_GB{% endif %}">
  {% endwith %}
  {% if page.pk %}
    {% page_translations page as translations %}{% canonical_url page as canonical %}
    <link rel="canonical" href="{{ canonical }}">
    <meta property="og:url" content="{{ canonical }}">
    {% for code, url in translations %}<link rel="alternate" hreflang="{{ code }}" href="{{ url|absolute_url }}">
    {% endfor %}{% for code, url in translations %}{% if code == "ko" %}<link rel="alternate" hreflang="x-default" href="{{ url|absolute_url }}">{% endif %}{% endfor %}
  {% endif %}
  {% share_image page as share %}{% if share %}{% image share fill-1200x630 as og %}
  <meta property="og:image" content="{{ og.full_url }}">
  <meta property="og:image:alt" content="{{ share.default_alt_text }}">
  <meta name="twitter:card" content="summary_large_image">{% else %}
  <meta name="twitter:card" content="summary">{% endif %}
  <meta name="twitter:title" content="{% firstof page.seo_title page.title %}">"""
_HEAD_NOW = """{% load candle_tags chrome_tags %}{% page_translations page as translations %}\
{% with org=settings.pages.OrganisationSettings %}
  {% head_meta page org description translations %}{% endwith %}"""


def test_head_meta_is_the_markup_the_template_wrote(rf, site_tree):
    """Beyond the golden pages: a sharing image (its rendition and alt text), an SEO title,
    text needing escapes in every field, a page without a translation and no page at all."""
    from django.template import engines
    from django.utils import translation
    from wagtail.contrib.settings.context_processors import settings as settings_processor

    from candle.pages.factories import CandleImageFactory

    engine = engines["django"]
    ko = site_tree["ko"]
    image = CandleImageFactory(file__width=1600, file__height=1000, title='그림 "1" <&>')
    shared = post_make(ko.boards["news"], title="나눔 <글> & '따옴표'", image=image)
    shared.seo_title = 'SEO "제목" & <b>'
    plain = post_make(ko.boards["news"], title="그림 없는 글")
    request = rf.get("/ko/", HTTP_HOST="localhost")
    cases = [
        (shared, 'A <b>"description"</b> & more'),
        (plain, ""),
        (ko.boards["news"], "게시판"),
        (ko.home, ""),
        (None, ""),
        ("", ""),  # a view without a page: what a missing variable resolves to in a tag
        ("absent", ""),  # no "page" in the context at all (search, 404)
    ]
    with translation.override("ko"):
        for page, description in cases:
            context = {"page": page, "description": description, "LANGUAGE": "ko"}
            if page == "absent":
                del context["page"]
            context.update(settings_processor(request))
            before = engine.from_string(_HEAD_BEFORE).render(context, request)
            now = engine.from_string(_HEAD_NOW).render(context, request)
            assert now == before, page
            assert "built-in method" not in now
    page, description = cases[0]
    context = {"page": page, "description": description, "LANGUAGE": "ko"}
    context.update(settings_processor(request))
    shown = engine.from_string(_HEAD_NOW).render(context, request)
    assert "fill-1200x630" in shown and "og:image:alt" in shown
    assert "SEO &quot;제목&quot; &amp; &lt;b&gt;" in shown
