"""The per-page parts of the page chrome (``base.html``), built in Python.

Every public page renders ``base.html`` around its content. Its ``<head>`` says the same things
about the page several times (title for Open Graph and Twitter, description twice, canonical
address twice, one ``hreflang`` line per translation), and through Django's template engine each
of those is a node with its own variable lookups, filters and escaping: about thirty nodes, a
sixth of an uncached board page's rendering. ``head_meta`` writes the same markup in one call,
every value escaped as the template escaped it (``conditional_escape``). The markup is written
only here; ``candle/pages/tests/test_chrome_identity.py`` checks the pages are byte for byte
what the template gave (which is why the blank lines the template's tags used to leave are
kept).
"""

from django import template
from django.template.base import Variable, VariableDoesNotExist
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


# Looked up as the template looked them up (a key, an attribute, a method called): a view
# whose context has no page, or something else named ``page``, shows what it showed.
_SEO_TITLE, _TITLE = Variable("page.seo_title"), Variable("page.title")


def _looked_up(variable: Variable, page):
    try:
        return variable.resolve({"page": page})
    except VariableDoesNotExist:
        return None


def _first_of(*values) -> str:
    """``{% firstof … %}``: the first true value, escaped; "" when none is."""
    for value in values:
        if value:
            return conditional_escape(value)
    return ""


@register.simple_tag(takes_context=True)
def head_meta(context, page, org, description, translations) -> str:
    """From ``og:site_name`` to ``twitter:title``: the page's Open Graph and Twitter cards, its
    canonical address and its translations' ``hreflang`` links (``translations`` as
    ``page_translations`` gives them), and its sharing image (``share_image``) in the size
    shared cards use."""
    from ..urls_fast import absolute_url, page_url_parts
    from .candle_tags import share_image

    e = conditional_escape
    title = _first_of(_looked_up(_SEO_TITLE, page), _looked_up(_TITLE, page))
    locale = "ko_KR" if context.get("LANGUAGE") == "ko" else "en_GB"
    out = [
        f'<meta property="og:site_name" content="{e(org.name)}">\n'
        f'  <meta property="og:title" content="{title}">\n'
        f'  <meta property="og:description" content="{e(description)}">\n'
        f'  <meta property="og:locale" content="{locale}">\n'
        "  \n  "
    ]
    if getattr(page, "pk", None):
        parts = page_url_parts(page, context.get("request"))
        canonical = e((absolute_url(parts[2]) if parts is not None else None) or "")
        out.append(
            f'\n    \n    <link rel="canonical" href="{canonical}">\n'
            f'    <meta property="og:url" content="{canonical}">\n    '
        )
        for code, url in translations:
            out.append(
                f'<link rel="alternate" hreflang="{e(code)}" '
                f'href="{e(absolute_url(url) or "")}">\n    '
            )
        for code, url in translations:
            if code == "ko":
                out.append(
                    f'<link rel="alternate" hreflang="x-default" href="{e(absolute_url(url) or "")}">'
                )
        out.append("\n  ")
    out.append("\n  ")
    share = share_image(page)
    if share:
        from wagtail.images.shortcuts import get_rendition_or_not_found

        rendition = get_rendition_or_not_found(share, "fill-1200x630")
        out.append(
            f'\n  <meta property="og:image" content="{e(rendition.full_url)}">\n'
            f'  <meta property="og:image:alt" content="{e(share.default_alt_text)}">\n'
            '  <meta name="twitter:card" content="summary_large_image">'
        )
    else:
        out.append('\n  <meta name="twitter:card" content="summary">')
    out.append(f'\n  <meta name="twitter:title" content="{title}">')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


class ChromeNode(template.Node):
    """``{% chrome %}…{% endchrome %}`` around everything ``base.html`` writes: renders what it
    encloses as it is, and remembers where its nodes of each kind are. Every page that
    ``{% extends %}`` the base asks the base's compiled nodes for its ``{% block %}`` nodes on
    every render (``ExtendsNode.render``), which walked all of the chrome's nodes (about 160)
    each time; the compiled template does not change once loaded, so the answer is kept."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self._nodes_by_type: dict[type, list] = {}

    def render(self, context):
        return self.nodelist.render(context)

    def get_nodes_by_type(self, nodetype):
        try:
            found = self._nodes_by_type[nodetype]
        except KeyError:
            found = self._nodes_by_type[nodetype] = super().get_nodes_by_type(nodetype)
        return list(found)


@register.tag("chrome")
def chrome(parser, token):
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(nodelist)


@register.simple_tag
def static_address(path: str) -> str:
    """``{% static path %}`` for this project, which always has ``django.contrib.staticfiles``:
    Django's tag asks the app registry whether it is installed each time (a walk over every
    app, three times a page)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url(path)
