"""``{% chrome %}`` (around all of base.html) keeps where the base's nodes are: what it answers
is what walking its nodes gives, and pages that extend the base, directly or through another
template that overrides a block and calls ``{{ block.super }}``, still get every block."""

import pytest
from django.template import engines
from django.template.base import Node
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from candle.pages.templatetags.chrome_tags import ChromeNode


def _chrome_node() -> ChromeNode:
    base = get_template("base.html").template
    found = [node for node in base.nodelist if isinstance(node, ChromeNode)]
    assert len(found) == 1, "base.html is enclosed in {% chrome %}"
    return found[0]


def test_the_kept_answer_is_the_walk():
    chrome = _chrome_node()
    for nodetype in (BlockNode, ExtendsNode, Node):
        walked = Node.get_nodes_by_type(chrome, nodetype)
        first, second = chrome.get_nodes_by_type(nodetype), chrome.get_nodes_by_type(nodetype)
        assert first == walked and second == walked
        first.clear()  # a caller changing the list it got changes nothing kept
        assert chrome.get_nodes_by_type(nodetype) == walked
    names = {node.name for node in chrome.get_nodes_by_type(BlockNode)}
    assert {"title", "title_full", "og_type", "feeds", "body_class", "content"} <= names


@pytest.mark.django_db
def test_blocks_are_overridden_through_two_levels(rf):
    from django.utils import translation

    request = rf.get("/ko/", HTTP_HOST="localhost")
    page = engines["django"].from_string(
        '{% extends "supporters/_base.html" %}{% block body_class %}two-levels{% endblock %}'
        "{% block feeds %}{{ block.super }}<!-- more -->{% endblock %}"
        "{% block content %}<p>content</p>{% endblock %}"
    )
    with translation.override("ko"):
        html = page.render({"LANGUAGE": "ko"}, request)
    assert '<body class="two-levels">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html and "<!-- more -->" in html
    assert "<p>content</p>" in html and html.rstrip().endswith("</html>")
