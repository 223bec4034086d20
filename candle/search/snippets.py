"""Result snippets with the matched words highlighted.

A match is marked on the whole word as the reader wrote it: searching 난민 highlights
북한난민을, because the word analyses to a morpheme the query asked for.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import BIGRAM_MARK, analyse_query, analyse_words

SNIPPET_CHARS = 220
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class QueryMatcher:
    def __init__(self, query: str):
        self.exact: set[str] = set()
        self.prefixes: list[str] = []
        self.grams: list[str] = []
        for term in analyse_query(query):
            if term.bigrams:
                word = (
                    "".join(g[len(BIGRAM_MARK) :][0] for g in term.bigrams) + term.bigrams[-1][-1]
                )
                self.grams.append(word)
            elif term.tokens:
                *inner, last = term.tokens
                self.exact.update(inner)
                (self.prefixes.append(last) if term.prefix else self.exact.add(last))
        # Surface strings worth looking for to place the snippet window
        self.probes = [t for t in [*self.exact, *self.prefixes, *self.grams] if len(t) > 1]

    def word_matches(self, tokens: list[str], text: str) -> bool:
        if any(t in self.exact for t in tokens):
            return True
        if any(t.startswith(p) for t in tokens for p in self.prefixes):
            return True
        return any(g in text for g in self.grams)


def plain_text(value: str) -> str:
    return _SPACE.sub(" ", _TAGS.sub(" ", value or "")).strip()


def _window(text: str, matcher: QueryMatcher) -> tuple[str, bool, bool]:
    lowered = text.lower()
    positions = [p for p in (lowered.find(probe) for probe in matcher.probes) if p >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + SNIPPET_CHARS // 2 else end
    return text[start:end], start > 0, end < len(text)


def highlight(text: str, matcher: QueryMatcher) -> SafeString:
    """``text`` escaped, with each matching word in ``<mark>``."""
    out, last = [], 0
    for word in analyse_words(text):
        if matcher.word_matches(word.tokens, word.text):
            out.append(escape(text[last : word.start]))
            out.append(f"<mark>{escape(word.text)}</mark>")
            last = word.start + len(word.text)
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text: str, matcher: QueryMatcher) -> SafeString:
    text = plain_text(text)
    if not text:
        return mark_safe("")
    window, cut_start, cut_end = _window(text, matcher)
    return mark_safe(
        ("… " if cut_start else "") + highlight(window, matcher) + (" …" if cut_end else "")
    )  # noqa: S308
