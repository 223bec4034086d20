"""``{% body_blocks %}`` writes a body exactly as ``{% for block in page.body %}{% include_block
block %}{% endfor %}`` wrote it, for every kind of block, and a text block renders as
Wagtail's ``RichText`` did, cleaned."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from wagtail.rich_text import RichText

from candle.pages.blocks import SafeRichTextBlock
from candle.pages.factories import CandleImageFactory, post_make
from candle.pages.models import PostPage
from candle.pages.richtext import rich_text_clean_shown

pytestmark = pytest.mark.django_db

_LOOP = (
    "{% load wagtailcore_tags %}{% for block in page.body %}{% include_block block %}{% endfor %}"
)
_TAG = "{% load body_tags %}{% body_blocks page.body %}"


def _body(image, linked) -> list:
    """The body as stored (raw blocks, as the demo content and the importer write it)."""
    blocks = [
        ("paragraph", f'<p>본문 <b>굵게</b> <a linktype="page" id="{linked.pk}">안쪽</a></p>'),
        ("paragraph", '<p><a href="https://example.org/?a=1&b=2">밖</a> & "따옴표"</p>'),
        ("paragraph", f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="그림"/>'),
        ("image", {"image": image.pk, "alt_text": "", "caption": "설명 <b>&</b>"}),
        ("image", {"image": image.pk, "alt_text": "다른 설명", "caption": ""}),
        (
            "quote",
            {"text": '첫 줄\n둘째 줄 <b>굵게</b> & "따옴표"', "attribution": "김가명 <대표>"},
        ),
        ("video", {"url": "https://youtu.be/abcdefghijk", "title": "영상 <제목>", "caption": ""}),
        (
            "table",
            {
                "caption": "표 <설명>",
                "table": {
                    "columns": [
                        {"type": "text", "heading": "이름"},
                        {"type": "number", "heading": "수"},
                        {"type": "rich_text", "heading": "비고"},
                    ],
                    "rows": [{"values": ["가 & 나", "12.5", "<p><b>굵게</b></p>"]}],
                },
            },
        ),
        ("paragraph", ""),
    ]
    return [
        {"type": kind, "value": value, "id": f"00000000-0000-0000-0000-{index:012d}"}
        for index, (kind, value) in enumerate(blocks)
    ]


def test_every_kind_of_block_is_written_as_include_block_wrote_it(site_tree):
    board = site_tree["ko"].boards["news"]
    linked = post_make(board, title="링크된 글", slug="linked")
    image = CandleImageFactory(title="그림", description="촛불 그림")
    post = post_make(board, title="본문 시험", slug="body-blocks", body=_body(image, linked))
    page = PostPage.objects.get(pk=post.pk)
    assert {child.block_type for child in page.body} == {
        "paragraph",
        "image",
        "quote",
        "video",
        "table",
    }
    request = RequestFactory().get(page.url, HTTP_HOST="localhost")
    engine = engines["django"]
    for language in ("ko", "en"):
        with translation.override(language):
            context = {"page": page, "request": request}
            expected = engine.from_string(_LOOP).render(context, request)
            written = engine.from_string(_TAG).render(context, request)
        assert written == expected
        assert linked.url in written and "<figure" in written and "<table>" in written


def test_an_empty_body_writes_nothing(site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="빈 본문", slug="empty-body", body=[])
    page = PostPage.objects.get(pk=post.pk)
    assert engines["django"].from_string(_TAG).render({"page": page}) == ""


@pytest.mark.parametrize(
    "source",
    [
        "",
        "<p>글 <script>alert(1)</script> & <b onclick='x()'>굵게</b></p>",
        '<p><a href="javascript:alert(1)">나쁜</a> <a href="https://example.org/">좋은</a></p>',
        '<p><a linktype="page" id="999999">없는 쪽</a></p>',
    ],
)
def test_a_text_block_renders_as_wagtails_rich_text_did_cleaned(site_tree, source):
    block = SafeRichTextBlock()
    expected = rich_text_clean_shown(str(RichText(source)))  # RichText.__html__'s template
    assert block.render_basic(RichText(source)) == expected
    assert "<script" not in expected and "javascript:" not in expected
