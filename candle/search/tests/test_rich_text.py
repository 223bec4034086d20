"""The snippet's rich text made into text without the HTML parser (``rich_text``) is
Wagtail's ``get_text_for_indexing``, character for character."""

import random

import pytest
from wagtail.rich_text import get_text_for_indexing

from candle.pages.models import PostPage
from candle.search import rich_text
from candle.search.rich_text import searchable_content, text_for_indexing

HOSTILE = [
    "",
    "plain text, no tags",
    "<p>북한난민을 돕는 <b>사람들</b></p><p>second</p>",
    '<p data-block-key="a1b2c">text</p><h2 data-block-key="x">Title</h2><ul><li>one</li><li>two</li></ul>',
    '<p>a<br/>b<br />c</p><hr/><p><a href="/ko/news/1/">link</a> <a linktype="page" id="3">page</a></p>',
    '<embed embedtype="image" id="12" format="left" alt="사진"/><p>after</p>',
    "<p>fish &amp; chips &lt;b&gt; &#34;quoted&#34; &nbsp; &copy</p>",
    "<p>a & b</p>",
    "<p>1 < 2 and 3 > 2</p>",
    "<p>unclosed <b</p>",
    "<script>var x = '<b>not a tag</b>';</script><p>after</p>",
    "<style>p { color: red }</style><p>styled</p>",
    "<!-- a comment --><p>after a comment</p>",
    "<![CDATA[ x ]]><p>cdata</p>",
    "<?php echo 1 ?><p>pi</p>",
    "<p class='single'>single quotes</p>",
    "<p class=unquoted>unquoted</p>",
    '<p title="a > b">gt in a value</p>',
    '<p title="a &amp; b">entity in a value</p>',
    "<P>UPPER</P><BR/><H3>case</H3>",
    "<p>" + "x" * 5000 + "</p>",
    '<p title="' + "y" * 1200 + '">long tag</p>',
    "<" + "a" * 1100,
    "<p>tabs\tand\nnewlines\r\n</p>  ",
    "</p>leading end tag",
    "<p>nested <em><strong>marks</strong></em> and <code>code</code><sub>2</sub><sup>3</sup></p>",
    "<table><tr><td>cell</td></tr></table>",
    "<p>\u3000전각 공백\u00a0and nbsp</p>",
]


@pytest.mark.parametrize("html", HOSTILE)
def test_the_same_text_as_wagtail_for_hostile_paragraphs(html):
    assert text_for_indexing(html) == get_text_for_indexing(html)


def _generated(chance: random.Random) -> str:
    pieces = [
        "<p>",
        "</p>",
        '<p data-block-key="k9">',
        "<b>",
        "</b>",
        "<br/>",
        '<a href="/en/x/?a=1">',
        "</a>",
        "<h2>",
        "</h2>",
        "<li>",
        "</li>",
        "난민",
        "refugees ",
        " ",
        "\n",
        "&amp;",
        "&",
        "<",
        ">",
        '"',
        "'",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<i",
        "=",
    ]
    return "".join(chance.choice(pieces) for _ in range(chance.randint(0, 40)))


def test_the_same_text_as_wagtail_for_generated_paragraphs():
    chance = random.Random(27)
    for _ in range(5000):
        html = _generated(chance)
        assert text_for_indexing(html) == get_text_for_indexing(html), html


def test_simple_paragraphs_do_not_go_through_the_parser(monkeypatch):
    def refused(html):
        raise AssertionError(f"parsed: {html}")

    monkeypatch.setattr(rich_text, "get_text_for_indexing", refused)
    html = '<p data-block-key="a1">북한난민을 <b>돕는</b> 사람들<br/>and more</p><p>two</p>'
    assert text_for_indexing(html) == "북한난민을 돕는 사람들 and more two"


def test_a_posts_body_gives_wagtails_searchable_content():
    field = PostPage._meta.get_field("body")
    convert = searchable_content(field)
    assert convert is not None and convert != field.get_searchable_content
    value = field.to_python(
        [
            {"type": "paragraph", "value": '<p data-block-key="a">난민 &amp; <b>인권</b></p>'},
            {"type": "paragraph", "value": "<p>two</p><p>paragraphs</p>"},
        ]
    )
    assert convert(value) == field.get_searchable_content(value)
    assert convert(value) == ["난민 & 인권", "two paragraphs"]
