"""A StreamField's searchable text for a result's snippet, as Wagtail makes it, without
Python's HTML parser for plain rich text.

Wagtail makes a rich text paragraph's searchable text with ``get_text_for_indexing``:
a space after each closing block tag, then Django's ``strip_tags`` (``html.parser`` run over
the paragraph, twice: the second pass finds nothing more), then ``html.unescape``. On a cold
results page that parser was a tenth of the Python time (ten posts' bodies, paragraph by
paragraph). Rich text as the editor and the importer store it is simple: a few kinds of tags
with quoted attributes around text. For a paragraph that is only that (``_SIMPLE``: no ``&``,
no ``<`` or ``>`` outside a tag, no comment, no tag that makes the parser read its content as
text, no tag long enough for ``strip_tags`` to refuse it), the parser's output is the text
between the tags and ``unescape`` changes nothing, so the tags are cut out with one regular
expression. Anything else goes through Wagtail's own function. ``tests/test_rich_text.py``
compares both on hostile and generated paragraphs; ``test_texts.py`` compares the narrow text
with the page read whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from django.utils.encoding import force_str
from wagtail.blocks import RichTextBlock, StreamBlock
from wagtail.fields import StreamField
from wagtail.rich_text import get_text_for_indexing

# what ``get_text_for_indexing`` does before stripping the tags
_AFTER_BLOCK = re.compile(r"(</(p|h\d|li|blockquote)>)", flags=re.IGNORECASE)
_AFTER_BREAK = re.compile(r"(<(br|hr)\s*/>)", flags=re.IGNORECASE)

# Tags the parser treats as plain markup (not ``script`` or ``style``, whose content it reads
# as text), each at most a few hundred characters (``strip_tags`` refuses an open tag of
# 1,000), with double-quoted attribute values free of ``&``, ``<`` and ``>``.
_NAMES = r"(?:p|h[1-6]|li|ul|ol|a|b|i|u|s|em|strong|code|sub|sup|span|blockquote|br|hr|embed)"
_ATTRIBUTE = r'\s+[a-zA-Z_:][-a-zA-Z0-9_:.]{0,40}(?:="[^"<>&]{0,300}")?'
_START = rf"<{_NAMES}(?:{_ATTRIBUTE}){{0,8}}\s*/?>"
_END = rf"</{_NAMES}\s*>"
# possessive: a run of text is never split again when a later part does not match (each
# alternative starts with its own character, so nothing else could match there)
_SIMPLE = re.compile(rf"(?:[^<>&]++|{_START}|{_END})*+", flags=re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


def text_for_indexing(html: str) -> str:
    """``wagtail.rich_text.get_text_for_indexing(html)``, character for character."""
    marked = _AFTER_BREAK.sub(r"\1 ", _AFTER_BLOCK.sub(r"\1 ", html))
    if _SIMPLE.fullmatch(marked):
        return _TAG.sub("", marked).strip()
    return get_text_for_indexing(html)


def stream_searchable_content(field, value) -> list:
    """``field.get_searchable_content(value)`` for a StreamField ``field``: each top-level
    block's own searchable content, a rich text block's made by ``text_for_indexing``."""
    stream_block = field.stream_block
    if not stream_block.search_index:
        return []
    content: list = []
    for child in value:
        block = child.block
        if _wagtails_rich_text(block):
            if block.search_index:
                content.append(text_for_indexing(force_str(child.value.source)))
        else:
            content.extend(block.get_searchable_content(child.value))
    return content


def _wagtails_rich_text(block) -> bool:
    """A rich text block whose searchable content is Wagtail's (``SafeRichTextBlock``
    cleans what it stores and shows, not what it indexes)."""
    return (
        isinstance(block, RichTextBlock)
        and type(block).get_searchable_content is RichTextBlock.get_searchable_content
    )


def searchable_content(model_field) -> Callable | None:
    """How ``texts`` makes a column's value into its searchable content: the field's own
    ``get_searchable_content``, or for a StreamField whose field and stream block are
    Wagtail's own (no method of theirs replaced), ``stream_searchable_content``."""
    own = getattr(model_field, "get_searchable_content", None)
    if (
        isinstance(model_field, StreamField)
        and type(model_field).get_searchable_content is StreamField.get_searchable_content
        and type(model_field.stream_block).get_searchable_content
        is StreamBlock.get_searchable_content
    ):
        return partial(stream_searchable_content, model_field)
    return own
