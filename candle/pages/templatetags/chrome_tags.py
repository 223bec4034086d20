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

The rest of the chrome is written by the template, with two helps: ``{% chrome %}`` /
``{% folded %}`` render its runs of same-for-every-page nodes once per language (``_fold``),
and ``{% organisation %}`` gives the head the organisation's name without a settings instance.
"""

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.template.base import (
    Node,
    NodeList,
    TextNode,
    Variable,
    VariableDoesNotExist,
    render_value_in_context,
)
from django.template.defaulttags import IfNode, WithNode
from django.template.library import SimpleNode
from django.template.loader_tags import BlockNode
from django.templatetags.i18n import TranslateNode
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.contrib.settings.context_processors import SettingProxy
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page, Site

from ..models.settings import OrganisationSettings, _in_english
from ..urls_fast import absolute_url, page_url_parts
from .candle_tags import escape_value, share_image

register = template.Library()


# Looked up as the template looked them up (a key, an attribute, a method called): a view
# whose context has no page, or something else named ``page``, shows what it showed.
_SEO_TITLE, _TITLE = Variable("page.seo_title"), Variable("page.title")


def _looked_up(variable: Variable, page):
    try:
        return variable.resolve({"page": page})
    except VariableDoesNotExist:
        return None


def _titles(page) -> tuple:
    """``page.seo_title`` and ``page.title`` as the template looks them up. A page model has
    both as plain text fields, read directly: the template's look-up first tries
    ``page["seo_title"]``, whose failure builds an exception and its message each time."""
    if isinstance(page, Page):
        return page.seo_title, page.title
    return _looked_up(_SEO_TITLE, page), _looked_up(_TITLE, page)


@register.simple_tag
def page_title(page) -> str:
    """``{% if page.seo_title %}{{ page.seo_title }}{% elif page.title %}{{ page.title }}{% endif
    %}``: the default of ``base.html``'s title block."""
    return mark_safe(_first_of(*_titles(page)))  # noqa: S308 - escaped by _first_of


def _first_of(*values) -> str:
    """``{% firstof … %}``: the first true value, escaped; "" when none is."""
    for value in values:
        if value:
            return escape_value(value)
    return ""


@register.simple_tag(takes_context=True)
def head_meta(context, page, org, description, translations) -> str:
    """From ``og:site_name`` to ``twitter:title``: the page's Open Graph and Twitter cards, its
    canonical address and its translations' ``hreflang`` links (``translations`` as
    ``page_translations`` gives them), and its sharing image (``share_image``) in the size
    shared cards use."""
    e = escape_value
    title = _first_of(*_titles(page))
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


# --- Runs of nodes that give the same text for every page in a language ---------------------
#
# Most of ``base.html`` is markup and words that are the same on every page in a language:
# text, ``{% translate "…" %}``, ``{% static_address "…" %}`` and ``{{ LANGUAGE }}``-like
# variables. Each is a node rendered on every request (a ``gettext`` through thread-locals, a
# variable looked up through the context's layers and escaped). ``FoldedNode`` finds the runs
# of such nodes once, when the template is compiled, and renders each run once per process for
# the values it depends on: the active language, autoescaping, and the value of each variable
# in it (a view may put its own ``LANGUAGE`` in the context, so the value itself is part of
# the key, and a run whose variable is anything but text is rendered as it is). Translations
# and static addresses do not change while a worker runs; a test that changes settings
# forgets every run (``setting_changed``).

_RUN_MEMO_MAX = 64  # per run: its languages and the values of its variables
_runs_generation = [0]  # a settings change (tests) makes every run's memo stale


def _forget_runs(**kwargs) -> None:
    _runs_generation[0] += 1


setting_changed.connect(_forget_runs, dispatch_uid="chrome_tags_forget_runs")


def _constant_variable(node) -> str | None:
    """The name of a ``{{ name }}`` node without filters or dots, else None."""
    expression = getattr(node, "filter_expression", None)
    if type(node).__name__ != "VariableNode" or expression is None or expression.filters:
        return None
    var = expression.var
    if not isinstance(var, Variable) or var.literal is not None or var.translate:
        return None
    if var.lookups is None or len(var.lookups) != 1 or var.lookups[0].startswith("_"):
        return None
    return var.lookups[0]


def _literal(expression) -> bool:
    """Whether a compiled ``FilterExpression`` is a quoted text without filters (Django keeps a
    constant as the text itself, or as a ``Variable`` with a ``literal``)."""
    if expression is None or expression.filters:
        return False
    var = expression.var
    return isinstance(var, str) or (isinstance(var, Variable) and isinstance(var.literal, str))


def _foldable(node) -> bool:
    """Whether ``node`` gives the same text for the same language, autoescaping and values of
    its variables (``_constant_variable``)."""
    if type(node) is TextNode:
        return True
    if type(node) is TranslateNode:
        return (
            node.asvar is None
            and _literal(node.filter_expression)
            and (node.message_context is None or _literal(node.message_context))
        )
    if type(node) is SimpleNode and node.func is static_address:
        return node.target_var is None and not node.kwargs and all(map(_literal, node.args))
    return _constant_variable(node) is not None


class _ConstantRun(Node):
    """Consecutive foldable nodes, rendered once per language, autoescaping and values of the
    variables among them, then given from the process's memo."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodes):
        self.nodelist = NodeList(nodes)
        self.names = tuple(name for name in map(_constant_variable, nodes) if name is not None)
        self._memo: dict = {}  # kept with the node: a template compiled again has its own
        self.origin = getattr(nodes[0], "origin", None)
        self.token = getattr(nodes[0], "token", None)

    def render(self, context):
        values = tuple(context.get(name) for name in self.names)
        if not all(type(value) is str for value in values):
            return self.nodelist.render(context)
        key = (_runs_generation[0], translation.get_language(), context.autoescape, values)
        memo = self._memo
        try:
            return memo[key]
        except KeyError:
            pass
        shown = self.nodelist.render(context)
        if len(memo) >= _RUN_MEMO_MAX:
            memo.clear()
        memo[key] = shown
        return shown


def _fold(nodelist: NodeList) -> NodeList:
    """``nodelist`` with its runs of two or more foldable nodes replaced by ``_ConstantRun``s,
    looking inside ``{% with %}``, ``{% if %}`` and ``{% block %}`` (their nodelists are the
    base's own; a page's blocks are its own templates' nodes)."""
    for node in nodelist:
        if isinstance(node, (WithNode, BlockNode)):
            node.nodelist = _fold(node.nodelist)
        elif isinstance(node, IfNode):
            node.conditions_nodelists = [
                (condition, _fold(inner)) for condition, inner in node.conditions_nodelists
            ]
    folded, run = NodeList(), []
    for node in [*nodelist, None]:
        if node is not None and _foldable(node):
            run.append(node)
            continue
        if len(run) > 1:
            folded.append(_ConstantRun(run))
        else:
            folded.extend(run)
        run = []
        if node is not None:
            folded.append(node)
    folded.contains_nontext = nodelist.contains_nontext
    return folded


class FoldedNode(template.Node):
    """``{% folded %}…{% endfolded %}``: renders what it encloses as it is, with its runs of
    same-for-every-page nodes rendered once per language (``_fold``)."""

    def __init__(self, nodelist):
        self.nodelist = _fold(nodelist)

    def render(self, context):
        return self.nodelist.render(context)


@register.tag("folded")
def folded(parser, token):
    nodelist = parser.parse(("endfolded",))
    parser.delete_first_token()
    return FoldedNode(nodelist)


class ChromeNode(FoldedNode):
    """``{% chrome %}…{% endchrome %}`` around everything ``base.html`` writes: what
    ``{% folded %}`` does, and it remembers where its nodes of each kind are. Every page that
    ``{% extends %}`` the base asks the base's compiled nodes for its ``{% block %}`` nodes on
    every render (``ExtendsNode.render``), which walked all of the chrome's nodes (about 160)
    each time; the compiled template does not change once loaded, so the answer is kept."""

    def __init__(self, nodelist):
        super().__init__(nodelist)
        self._nodes_by_type: dict[type, list] = {}

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


# --- The organisation's settings in the head ---------------------------------------------------


class OrganisationShown:
    """What ``settings.pages.OrganisationSettings`` gives a template, for the head of every
    page: its ``name`` in the active language from the site's kept values
    (``OrganisationSettings.values_for_site``), without a model instance per request; any
    other attribute from the settings instance itself, made when first asked for."""

    def __init__(self, values: dict, request):
        self._values, self._request, self._instance = values, request, None

    @property
    def name(self) -> str:  # OrganisationSettings.name
        return self._values["name_en"] if _in_english() else self._values["name_ko"]

    def __getattr__(self, attribute):
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        if self._instance is None:
            self._instance = OrganisationSettings.for_request(self._request)
        return getattr(self._instance, attribute)


class OrganisationNode(template.Node):
    def __init__(self, nodelist, name, expression):
        self.nodelist, self.name, self.expression = nodelist, name, expression

    def render(self, context):
        value = None
        proxy = context.get("settings")
        if type(proxy) is SettingProxy:
            request = proxy.request_or_site
            site = Site.find_for_request(request) if request is not None else None
            if (
                site is not None
                and hasattr(request, "META")
                # without the data cache, the kept values would be a query of their own
                # besides the instance the footer reads (kept on the request): as before
                and settings.CANDLE_DATA_CACHE_ENABLED
            ):
                value = OrganisationShown(OrganisationSettings.values_for_site(site), request)
        if value is None:  # no request, or a site setting asked for a site: as the template
            value = self.expression.resolve(context)
        with context.push(**{self.name: value}):
            return self.nodelist.render(context)


@register.tag("organisation")
def organisation(parser, token):
    """``{% organisation as org %}…{% endorganisation %}``: ``{% with
    org=settings.pages.OrganisationSettings %}…{% endwith %}`` (``OrganisationShown``)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("organisation needs 'as name'")
    nodelist = parser.parse(("endorganisation",))
    parser.delete_first_token()
    expression = parser.compile_filter("settings.pages.OrganisationSettings")
    return OrganisationNode(_fold(nodelist), bits[2], expression)


# --- The search box's value ------------------------------------------------------------------


class SearchQueryNode(template.Node):
    """``{{ query|default:'' }}``: the search words a results page was asked with, or nothing.
    Every other page has no ``query``, and the template's look-up of a missing variable raises
    and catches an exception each time; a missing one is written as nothing here directly."""

    def __init__(self, expression):
        self.expression = expression

    def render(self, context):
        value = context.get("query", self)
        if value is self and not context.template.engine.string_if_invalid:
            return ""
        if type(value) is str:
            return conditional_escape(value) if context.autoescape else value
        return render_value_in_context(self.expression.resolve(context), context)


@register.tag("search_query")
def search_query(parser, token):
    return SearchQueryNode(parser.compile_filter("query|default:''"))


@register.simple_tag
def static_address(path: str) -> str:
    """``{% static path %}`` for this project, which always has ``django.contrib.staticfiles``:
    Django's tag asks the app registry whether it is installed each time (a walk over every
    app, three times a page)."""
    return staticfiles_storage.url(path)
