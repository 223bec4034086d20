"""GnuBoard post bodies → Wagtail's stored rich-text format.

GnuBoard keeps ``wr_content`` exactly as the browser sent it and cleans it only when showing it.
Candle cleans it once, on import, with a tolerant parser (``html.parser`` never gives up on
broken HTML) and writes every tag itself, so the result is always well formed. What survives:
paragraphs, headings, lists, quotes, bold/italic/sub/sup/strike/code, safe links (http, https,
mailto, tel), inline images from GnuBoard's editor folder (as Wagtail image embeds) and YouTube or
Vimeo players (as Candle video blocks). Everything else is unwrapped to its text, and scripts,
styles, event handlers, ``javascript:`` links, other embeds and anything hidden with CSS are
dropped with their content. The pages app cleans the result again when it is saved and shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from candle.pages.blocks import video_embed_url

# Dropped together with everything inside them.
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "object",
    "applet",
    "head",
    "title",
    "textarea",
    "select",
    "option",
    "svg",
    "math",
    "iframe",
    "frameset",
    "frame",
    "audio",
    "video",
    "canvas",
    "button",
    "form",
    "xml",
    "meta",
    "link",
    "base",
    "embed",
    "param",
}
_VOID = {
    "br",
    "img",
    "hr",
    "input",
    "meta",
    "link",
    "base",
    "embed",
    "param",
    "source",
    "track",
    "wbr",
    "col",
    "area",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "center",
    "address",
    "pre",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "dl",
    "dt",
    "dd",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
}
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_INLINE = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "sub": "sub",
    "sup": "sup",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "a": "a",
}
_CELLS = {"td", "th"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CSS_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
_URL = re.compile(r"(?<![\"'=])\b(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")


@dataclass
class CleanResult:
    """The cleaned body as Candle StreamField blocks, plus what was left out and why."""

    blocks: list[tuple[str, object]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = []
        for kind, value in self.blocks:
            if kind == "paragraph":
                parts.append(re.sub(r"<[^>]+>", " ", str(value)))
        return html.unescape(" ".join(" ".join(parts).split()))


# image_for(src) -> (image_id, alt) of Candle's copy, or None when the src is not the old site's
ImageResolver = Callable[[str], "tuple[int, str] | None"]


def _hidden_classes(raw: str) -> set[str]:
    """Classes a <style> block hides (``.note{display:none}``): their text was never shown."""
    hidden: set[str] = set()
    for style in re.findall(r"<style[^<>]*>(.*?)</style\s*>", raw, flags=re.I | re.S):
        # rule by rule with str.split, not a regex over the block: "[^{}]+\{" was quadratic
        # in a long style block without braces
        for rule in style.split("}"):
            selectors, brace, declarations = rule.rpartition("{")
            if brace and _HIDDEN_STYLE.search(declarations):
                hidden.update(_CSS_CLASS.findall(selectors.rsplit("{", 1)[-1]))
    return hidden


class _Converter(HTMLParser):
    def __init__(self, *, image_for: ImageResolver, video_title: str, hidden_classes: set[str]):
        super().__init__(convert_charrefs=True)
        self.image_for = image_for
        self.video_title = video_title
        self.hidden_classes = hidden_classes
        self.result = CleanResult()
        self.skip_stack: list[str] = []  # tags whose content is being dropped
        self.inline: list[str] = []  # open inline tags in the current block
        self.buffer: list[str] = []  # the current block's inner HTML
        self.block_tag = "p"
        self.list_tag: str | None = None
        self.list_items: list[str] = []
        self.in_item = False
        self.open_tags: list[str] = []  # every open source tag, to know when a skipped element ends

    # --- output -------------------------------------------------------------------------------
    def _close_inline(self) -> None:
        for tag in reversed(self.inline):
            self.buffer.append(f"</{tag}>")
        self.inline = []

    def _inner(self) -> str:
        self._close_inline()
        inner = "".join(self.buffer)
        self.buffer = []
        inner = re.sub(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$", "", inner)
        # an <a>/<b> left empty says nothing
        previous = None
        while previous != inner:
            previous = inner
            inner = re.sub(r"<(a|b|i|s|sub|sup|code)(?: [^>]*)?>\s*</\1>", "", inner)
        return inner.strip()

    def _flush(self) -> None:
        if self.in_item:
            inner = self._inner()
            if inner:
                self.list_items.append(inner)
            self.in_item = False
            return
        inner = self._inner()
        if inner and re.sub(r"<[^>]+>", "", inner).strip():
            self._emit_html(f"<{self.block_tag}>{inner}</{self.block_tag}>")
        self.block_tag = "p"

    def _flush_list(self) -> None:
        self._flush()
        if self.list_items:
            items = "".join(f"<li>{item}</li>" for item in self.list_items)
            self._emit_html(f"<{self.list_tag}>{items}</{self.list_tag}>")
        self.list_items = []
        self.list_tag = None

    def _emit_html(self, fragment: str) -> None:
        blocks = self.result.blocks
        if blocks and blocks[-1][0] == "paragraph":
            blocks[-1] = ("paragraph", blocks[-1][1] + fragment)
        else:
            blocks.append(("paragraph", fragment))

    def _emit_block(self, kind: str, value: object) -> None:
        self._flush()
        if self.list_tag:
            self._flush_list()
        self.result.blocks.append((kind, value))

    # --- parsing ------------------------------------------------------------------------------
    def _is_hidden(self, attrs: dict[str, str]) -> bool:
        if "hidden" in attrs:
            return True
        if _HIDDEN_STYLE.search(attrs.get("style") or ""):
            return True
        classes = set((attrs.get("class") or "").split())
        return bool(classes & self.hidden_classes)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        attrs = {name.lower(): (value or "") for name, value in attrs_list}
        if self.skip_stack:
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if tag == "iframe":
            url = video_embed_url(_https(attrs.get("src", "")))
            if url:
                self._emit_block(
                    "video", {"url": _watch_url(url), "title": self.video_title, "caption": ""}
                )
            else:
                self.result.removed.append(f"embed {attrs.get('src', '')[:80]}")
            self.skip_stack.append(tag)
            return
        if tag in _DROP_WITH_CONTENT or (tag not in _VOID and self._is_hidden(attrs)):
            if tag in {"script", "object", "embed", "applet"}:
                self.result.removed.append(tag)
            elif tag not in {"style", "meta", "link", "xml"}:
                self.result.removed.append(
                    f"hidden {tag}" if tag not in _DROP_WITH_CONTENT else tag
                )
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if any(name.startswith("on") for name in attrs):
            self.result.removed.append(f"event handler on {tag}")
        if tag == "br":
            self.buffer.append("<br/>")
        elif tag == "hr":
            self._flush()
        elif tag == "img":
            self._image(attrs)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.list_tag is None:
                self.list_tag = tag
        elif tag == "li":
            if self.list_tag is None:
                self._flush()
                self.list_tag = "ul"
            self._flush()
            self.in_item = True
        elif tag in _HEADINGS:
            if self.list_tag:
                self._flush_list()
            self._flush()
            self.block_tag = _HEADINGS[tag]
        elif tag == "blockquote":
            if self.list_tag:
                self._flush_list()
            self._flush()
            self.block_tag = "blockquote"
        elif tag in _BLOCK or tag in _CELLS:
            if self.in_item:
                if self.buffer:
                    self.buffer.append("<br/>")
            elif tag in _CELLS:
                if self.buffer:
                    self.buffer.append(" · ")
            else:
                if self.list_tag:
                    self._flush_list()
                self._flush()
        elif tag in _INLINE:
            out = _INLINE[tag]
            if out == "a":
                href = _safe_href(attrs.get("href", ""))
                if href is None:
                    if attrs.get("href"):
                        self.result.removed.append(f"link {attrs['href'][:60]}")
                    return
                self.buffer.append(f'<a href="{html.escape(href, quote=True)}">')
            else:
                self.buffer.append(f"<{out}>")
            self.inline.append(out)
        # any other tag (span, font, u, o:p, custom tags …) is unwrapped: its text stays

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.skip_stack:
            if tag in self.skip_stack:
                while self.skip_stack and self.skip_stack.pop() != tag:
                    pass
            return
        if tag in ("ul", "ol"):
            if self.list_tag:
                self._flush_list()
        elif tag == "li" or tag in _HEADINGS or tag == "blockquote":
            self._flush()
        elif tag in _BLOCK:
            if self.in_item:
                return
            if not (self.list_tag and tag not in {"table", "div"}):
                if self.list_tag:
                    self._flush_list()
                self._flush()
        elif tag in _INLINE:
            out = _INLINE[tag]
            if out in self.inline:
                while self.inline:
                    closing = self.inline.pop()
                    self.buffer.append(f"</{closing}>")
                    if closing == out:
                        break

    def handle_data(self, data: str) -> None:
        if self.skip_stack or not data:
            return
        if self.list_tag and not self.in_item:
            if not data.strip():
                return
            self.in_item = True
        text = html.escape(re.sub(r"\s+", " ", data), quote=False)
        self.buffer.append(text)

    def _image(self, attrs: dict[str, str]) -> None:
        found = self.image_for(attrs.get("src", ""))
        if found is None:
            self.result.removed.append(f"image {attrs.get('src', '')[:80]}")
            return
        image_id, alt = found
        alt = attrs.get("alt") or alt
        # Wagtail's stored format: an image embed stands on its own between blocks
        self._flush()
        if self.list_tag:
            self._flush_list()
        self._emit_html(
            f'<embed alt="{html.escape(alt, quote=True)}" embedtype="image" format="fullwidth" id="{image_id}"/>'
        )

    def close(self) -> None:
        super().close()
        if self.list_tag:
            self._flush_list()
        self._flush()


def _https(url: str) -> str:
    url = html.unescape(url or "").strip()
    return "https:" + url if url.startswith("//") else url


def _watch_url(embed_url: str) -> str:
    if "youtube-nocookie.com/embed/" in embed_url:
        return "https://www.youtube.com/watch?v=" + embed_url.rsplit("/", 1)[-1]
    if "player.vimeo.com/video/" in embed_url:
        return "https://vimeo.com/" + embed_url.rsplit("/", 1)[-1].split("?")[0]
    return embed_url


def _safe_href(href: str) -> str | None:
    href = "".join(ch for ch in html.unescape(href or "") if ch >= " ").strip()
    if not href:
        return None
    if href.startswith("//"):
        href = "https:" + href
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in _SAFE_SCHEMES:
        return href
    if not parts.scheme and (href.startswith("/") or href.startswith("#")):
        return href
    return None


def body_from_html(raw: str, *, image_for: ImageResolver, video_title: str = "") -> CleanResult:
    """Clean an HTML post (GnuBoard ``html1``) into Candle blocks. Never raises on bad HTML."""
    converter = _Converter(
        image_for=image_for,
        video_title=video_title[:255] or "Video",
        hidden_classes=_hidden_classes(raw),
    )
    try:
        converter.feed(raw or "")
        converter.close()
    except (
        AssertionError,
        ValueError,
        IndexError,
    ):  # html.parser is tolerant; this is the last resort
        return body_from_text(re.sub(r"<[^>]*>", " ", raw or ""))
    return converter.result


def body_from_text(raw: str) -> CleanResult:
    """A plain-text post: paragraphs at blank lines, line breaks kept, addresses made links."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    result = CleanResult()
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [
            _autolink(html.escape(line.strip(), quote=False))
            for line in chunk.strip("\n").split("\n")
        ]
        inner = "<br/>".join(lines).strip()
        if re.sub(r"<br/>", "", inner).strip():
            paragraphs.append(f"<p>{inner}</p>")
    if paragraphs:
        result.blocks.append(("paragraph", "".join(paragraphs)))
    return result


def _autolink(escaped_line: str) -> str:
    return _URL.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped_line)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def title_from_subject(subject: str) -> str:
    """A post's title from its GnuBoard subject (``wr_subject``), as the old site's readers
    saw it, for plain-text and HTML posts alike.

    A subject is text, not markup: GnuBoard stores it as typed and shows it through
    ``get_text()``, which escapes ``<``, ``>`` and quotes but not ``&``. So markup-looking
    text (``<b>굵게</b>``, ``<script>``) was shown literally and is kept as it is; an entity
    (``&amp;``) was shown as its character and becomes that character. Spaces and line
    breaks become single spaces, control characters go. Templates escape the title."""
    text = " ".join(html.unescape(subject or "").split())
    return _CONTROL.sub("", text)


def title_from_board_subject(subject: str) -> str:
    """A board's name from its ``bo_subject`` as plain text: GnuBoard's skins print a board's
    name as HTML, so tags and scripts are removed, entities decoded, one line."""
    converter = _Converter(image_for=lambda src: None, video_title="", hidden_classes=set())
    try:
        converter.feed(subject or "")
        converter.close()
        text = converter.result.text
    except Exception:  # noqa: BLE001
        text = re.sub(r"<[^>]*>", "", subject or "")
    return " ".join(html.unescape(text).split())
