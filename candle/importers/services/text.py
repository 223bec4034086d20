"""GnuBoard's text as Candle keeps it: a board's language guessed from its posts, the copy/move
stamps GnuBoard appends to a body, comments as plain text, links, summaries, and errors
as the report says them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..legacy_html import CleanResult

# "[이 게시물은 {nick}님에 의해 {Y-m-d H:i:s} {board subject}에서 {복사|이동} 됨]" (bbs/move_update.php),
# wrapped in <div class="content_copy|content_move"> in HTML posts. Matched only where it can
# start (the last "[이 게시물은 "), never by a search over the body: a search with leading \s*
# was cubic in a long run of spaces.
_STAMP = re.compile(
    r"\[이 게시물은 (?P<nick>.*?)님에 의해 (?P<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?P<board>.*?)에서 (?P<action>복사|이동) 됨\]",
    re.S,
)
_STAMP_OPENERS = ('<div class="content_copy">', '<div class="content_move">')
_TAG = re.compile(r"<[^<>]*>")  # [^<>], not [^>]: linear even in a body of a thousand "<"
_SCRIPT = re.compile(r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def language_guess(rows: list[dict]) -> str:
    """'en' when a board's text is clearly English (almost no Hangul), else 'ko'."""
    hangul = latin = 0
    for row in rows[:500]:
        text = _TAG.sub(" ", f"{row.get('wr_subject', '')} {row.get('wr_content', '')}")
        hangul += len(_HANGUL.findall(text))
        latin += len(_LATIN.findall(text))
    return "en" if latin >= 20 and hangul <= latin * 0.02 else "ko"


def stamps_strip(content: str) -> tuple[str, list[dict]]:
    """Remove GnuBoard's copy/move notes from the end of a body; return them, newest last."""
    content = content or ""
    stamps = []
    while True:
        end = content.rstrip()
        closed = end.endswith("</div>")
        if closed:
            end = end[: -len("</div>")].rstrip()
        start = end.rfind("[이 게시물은 ")
        match = _STAMP.fullmatch(end, start) if start >= 0 and end.endswith("됨]") else None
        if match is None:
            break
        head = end[:start].rstrip()
        opener = next((o for o in _STAMP_OPENERS if head.endswith(o)), None)
        if closed and opener is None:
            break  # a </div> that is not the stamp's own belongs to the post
        if opener is not None:
            head = head[: -len(opener)].rstrip()
        stamps.insert(0, match.groupdict())
        content = head
    return content, stamps


def _board_slug(bo_table: str) -> str:
    return slugify(bo_table.replace("_", "-")) or "board"


def language_name(code: str) -> str:
    return _("Korean") if code == "ko" else _("English")


def _comment_text(raw: str) -> str:
    """A comment as plain text (GnuBoard shows comments as text): scripts and styles go with
    their content, tags go, and a lone "<" (3 < 5) stays; the template escapes it."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _SCRIPT.sub("", text)
    for _pass in range(10):  # <scr<b>ipt> must not become <script>
        text, found = re.subn(r"</?[A-Za-z!?/][^<>]*>", "", text)
        if not found:
            break
    else:
        text = text.replace("<", "").replace(">", "")
    return text.strip()


def _link_url(value: str) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        value = "http://" + value
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I) or len(value) > 1000:
        return ""
    return value


def _summary(cleaned: CleanResult) -> str:
    text = cleaned.text
    return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or error.__class__.__name__
