"""A post page with every part it can show is byte for byte what it was.

``test_chrome_identity.py`` covers a post with comments; this covers the rest of what a post
page can show: a byline and a summary needing escapes, body blocks of several kinds, the
boards it is listed on, a post it replies to and one replying to it, attachments, press
coverage (a Korean headline on the English page is marked ``lang="ko"``), categories and work
areas, share links for a title that needs quoting, the older and newer posts and related
posts; and a bare post (no summary, byline, labels or neighbours). In both languages, with
the data cache off and on, compared with HTML written by the code before the post page's parts
were written in Python (``golden/post/``, made with ``CANDLE_GOLDEN_WRITE=1`` on main at
efb06a6). Ids and uploaded file names differ between runs, so those are replaced.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

from candle.pages.factories import CandleDocumentFactory, category, post_make, work_area

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "post"
WRITE = os.environ.get("CANDLE_GOLDEN_WRITE") == "1"
_VARYING = [
    (re.compile(rb"/language/(ko|en)/\d+/"), rb"/language/\1/ID/"),
    (re.compile(rb"/documents/\d+/[^\"]*\""), rb'/documents/ID/FILE"'),
]


def _when(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2024, 6, 1, hour, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        days=day
    )


def _body(lang: str) -> list:
    return [
        (
            "paragraph",
            f'<p>{lang} 본문 <b>굵게</b> <a href="https://example.org/?a=1&b=2">링크</a></p>',
        ),
        (
            "quote",
            {"text": '첫 줄\n둘째 줄 <b>굵게</b> & "따옴표"', "attribution": "김가명 <대표>"},
        ),
        ("paragraph", "<h2>소제목</h2><ul><li>하나</li><li>둘</li></ul>"),
    ]


def _content(site_tree) -> dict[str, str]:
    pages = {}
    for lang in ("ko", "en"):
        tree = site_tree[lang]
        news = tree.boards["news"]
        older = post_make(news, title=f"{lang} 이전 <글>", slug="older", date=_when(-2))
        document = CandleDocumentFactory(title=f"{lang} report")
        full = post_make(
            news,
            title=f"{lang} 모든 부분 & \"따옴표\" 'x' <b>#?/</b>",
            slug="full",
            date=_when(0),
            byline="김가명 <사무국장> & 동료",
            summary='요약 <i>기울임</i> & "기호"',
            body=_body(lang),
            categories=[category("un"), category("statement")],
            work_areas=[work_area("advocacy")],
            other_boards=[tree.boards["statements"]],
            in_reply_to=older,
            attachments=[(document, "보고서 <전문> & 부록"), (document, "")],
            media_links=[
                (
                    "한국어 기사 제목 <b>",
                    "https://news.example/a?x=1&y=2",
                    "한국일보",
                    _when(1).date(),
                ),
                ("An English headline & more", "https://news.example/b", "", None),
            ],
        )
        post_make(news, title=f"{lang} 답글", slug="reply", date=_when(1), in_reply_to=full)
        post_make(news, title=f'{lang} 다음 "글"', slug="newer", date=_when(2))
        bare = post_make(
            tree.boards["press"],
            title=f"{lang} 홀로",
            slug="bare",
            date=_when(5),
            summary="",
            byline="",
            body_html="<p>짧은 글</p>",
        )
        pages[f"{lang}-post-full"] = full.url
        pages[f"{lang}-post-bare"] = bare.url
    return pages


def _render(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content
    for pattern, replacement in _VARYING:
        content = pattern.sub(replacement, content)
    return content


@pytest.mark.parametrize("data_cache", [False, True])
def test_post_pages_are_what_they_were(client, site_tree, settings, data_cache):
    from candle.caching.store import page_cache

    settings.CANDLE_DATA_CACHE_ENABLED = data_cache
    page_cache().clear()
    pages = _content(site_tree)
    for name, url in pages.items():
        first, second = _render(client, url), _render(client, url)
        assert first == second, name
        golden = GOLDEN / f"{name}.html"
        if WRITE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(first)
            continue
        assert first == golden.read_bytes(), name
    page_cache().clear()
    # the pages show every part: nothing here passes by comparing two empty pages
    full = (GOLDEN / "en-post-full.html").read_bytes().decode()
    for part in (
        'class="breadcrumbs"',
        'class="reply-to"',
        'class="attachments"',
        'lang="ko"',
        'class="tags"',
        'class="share"',
        'class="replies"',
        'rel="prev"',
        'rel="next"',
        'class="related"',
        "<blockquote>",
        "/documents/ID/FILE",
    ):
        assert part in full, part
    bare = (GOLDEN / "ko-post-bare.html").read_bytes().decode()
    assert 'class="tags"' not in bare and 'class="related"' not in bare
    assert 'class="share"' in bare and "짧은 글" in bare
