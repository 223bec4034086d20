"""A page body's StreamField blocks, rendered as ``{% for block in page.body %}{% include_block
block %}{% endfor %}`` rendered them, without copying the whole template context per block.

``{% include_block %}`` flattens the context (every dictionary of it: the context processors',
the page's, the view's) into a new dictionary for each block, and the block copies it twice
more, even for a text block, whose rendering never reads it. Here a text block
(``SafeRichTextBlock``, the only kind an imported post has) is rendered without a context, and
every other kind exactly as ``{% include_block %}`` renders it, with the flattened context
(and ``block``, the loop's variable; not ``forloop``, which no block template reads).
``candle/pages/tests/test_body_blocks.py`` compares both on every kind of block.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..blocks import SafeRichTextBlock

register = template.Library()


@register.simple_tag(takes_context=True)
def body_blocks(context, stream) -> str:
    """The blocks of ``stream`` (a StreamField's value), one after another."""
    parts = []
    flat = None
    for child in stream or ():
        block = child.block
        if type(block) is SafeRichTextBlock and not block.get_template(child.value):
            output = block.render_basic(child.value)
        else:
            if flat is None:
                flat = context.flatten()
            output = child.render_as_block(context={**flat, "block": child})
        parts.append(conditional_escape(output) if context.autoescape else str(output))
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped as {% include_block %} does
