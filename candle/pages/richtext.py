"""Rich text is sanitised twice: when it is saved and when it is shown.

Draftail already limits what an editor can type, but rich text also arrives from importers and
the API. ``nh3`` (the Ammonia sanitiser) keeps only the tags and attributes below.
"""

import re

import nh3

# Wagtail's stored ("database") format uses <a linktype=…> and <embed embedtype=…>.
_STORED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "b",
    "strong",
    "i",
    "em",
    "ol",
    "ul",
    "li",
    "hr",
    "a",
    "blockquote",
    "embed",
    "sub",
    "sup",
    "code",
    "s",
}
_SHOWN_TAGS = (_STORED_TAGS - {"embed"}) | {"img", "figure", "figcaption", "div", "span", "iframe"}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe" and attribute == "src":
        allowed = ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")
        return value if value.startswith(allowed) else None
    return value


_EMBED = re.compile(r"<embed\b([^>]*?)\s*/?>")


def rich_text_clean_stored(html: str) -> str:
    """Clean rich text in Wagtail's stored format before it is saved.

    nh3 writes ``<embed …>`` without the closing slash, but Wagtail only expands
    ``<embed …/>`` (``wagtail.rich_text.rewriters.FIND_EMBED_TAG``), so the slash is put back:
    without it every image embedded in rich text would vanish from the page."""
    return _EMBED.sub(r"<embed\1/>", _clean_stored(html))


def _clean_stored(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=_STORED_TAGS,
        attributes={
            "a": {"href", "linktype", "id"},
            "embed": {"embedtype", "id", "format", "alt", "url"},
        },
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def rich_text_clean_shown(html: str) -> str:
    """Clean rich text after Wagtail expanded its links and images, just before output."""
    return nh3.clean(
        html or "",
        tags=_SHOWN_TAGS,
        attributes={
            "a": {"href", "title", "hreflang"},
            "img": {"src", "alt", "width", "height", "class", "loading", "srcset", "sizes"},
            "iframe": {"src", "title", "width", "height", "allowfullscreen", "loading"},
            "div": {"class"},
            "span": {"class"},
            "figure": {"class"},
        },
        attribute_filter=_attribute_filter,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
