"""Result snippets with the matched words highlighted.

A match is marked on the whole word as the reader wrote it: searching 난민 highlights
북한난민을, because the word analyses to a morpheme the query asked for.

Kiwi is the costly part, so only the words that can match are analysed: a Hangul word is a
candidate when it contains a Hangul morpheme of the query as written (a noun or root is
always spelt out in the words it is in); the candidates of a text go to Kiwi in one call, and
words without Hangul never do. A query with a verb or adjective stem (돕 is written 도와)
analyses the whole window instead.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .analysis import (
    _HANGUL,
    BIGRAM_MARK,
    analyse_query,
    analyse_words,
    other_splits,
    query_has_inflected_stem,
    words_version,
)

SNIPPET_CHARS = 220
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# whitespace ``_SPACE`` would change: any but a plain space, or two together
_SPACE_CHANGED = re.compile(r"[^\S ]|  ")
_WORD = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z0-9]")


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
                for tokens in term.phrases():
                    *inner, last = tokens
                    self.exact.update(inner)
                    (self.prefixes.append(last) if term.prefix else self.exact.add(last))
        # Surface strings worth looking for to place the snippet window
        self.probes = [t for t in [*self.exact, *self.prefixes, *self.grams] if len(t) > 1]
        # A Hangul word can only match if it contains one of these (Kiwi's morphemes: Hangul,
        # Hanja) as written, or, for a Latin or number token, has a Latin letter or a digit
        tokens = [*self.exact, *self.prefixes]
        self.hangul_probes = [t for t in [*tokens, *self.grams] if not _LATIN.search(t)]
        # the same test as ``any(p in word for p in self.hangul_probes)``, as one search
        self._hangul_probe = (
            re.compile("|".join(re.escape(p) for p in self.hangul_probes))
            if self.hangul_probes
            else None
        )
        self.has_latin = any(_LATIN.search(t) for t in tokens)
        self.by_letters = not query_has_inflected_stem(query)

    def matching_words(self, text: str) -> list[tuple[int, str]]:
        """(start, word) of each whitespace word of ``text`` that matches the query."""
        if not self.by_letters:
            return [
                (w.start, w.text)
                for w in analyse_words(text)
                if self.word_matches(w.tokens, w.text)
            ]
        plain: list[tuple[int, str]] = []
        hangul: list[tuple[int, str]] = []
        probe = self._hangul_probe
        has_latin = self.has_latin
        for match in _WORD.finditer(text):
            word = match.group()
            if not _HANGUL.search(word):
                plain.append((match.start(), word))
            elif (probe is not None and probe.search(word)) or (has_latin and _LATIN.search(word)):
                hangul.append((match.start(), word))
        found = []
        for group in (plain, hangul):  # Kiwi for Hangul only
            if group:
                tokens = word_tokens([word for _, word in group])
                found += [
                    (start, word)
                    for (start, word), word_tokens_ in zip(group, tokens, strict=True)
                    if self.word_matches(word_tokens_, word)
                ]
        return sorted(found)

    def word_matches(self, tokens: list[str], text: str) -> bool:
        if any(t in self.exact for t in tokens):
            return True
        if any(t.startswith(p) for t in tokens for p in self.prefixes):
            return True
        return any(g in text for g in self.grams)


# Each candidate word's tokens, kept per process: the same words (북한난민을, 탈북민들의) come
# up in result after result and search after search, and Kiwi costs some 40 µs a call plus
# 7 µs a character. Forgotten when the user words change (their analysis may change) and
# when full (the words come from published text, but a query can bring new ones).
_WORD_TOKENS_MAX = 50_000
_word_tokens: dict[str, list[str]] = {}
_word_tokens_version = [words_version()]


def word_tokens(words: list[str]) -> list[list[str]]:
    """Each word's tokens, as ``analyse_words`` gives them. The words not analysed yet go to
    it together in one call, the same way a text's candidate words went before there was
    this memo (so a word is analysed among other candidates, not in its sentence)."""
    if _word_tokens_version[0] != words_version():
        _word_tokens.clear()
        _word_tokens_version[0] = words_version()
    known = {word: _word_tokens.get(word) for word in words}  # safe if another thread clears
    new = [word for word, tokens in known.items() if tokens is None]
    if new:
        if len(_word_tokens) + len(new) > _WORD_TOKENS_MAX:
            _word_tokens.clear()
        analysed = analyse_words(" ".join(new))
        for word, analysis in zip(new, analysed, strict=True):
            # a compound noun's tokens in every way Kiwi splits it (analysis.other_splits),
            # as the index may hold either: 이산가족을 is marked for 가족 too
            splits = [token for split in other_splits(analysis) for token in split]
            tokens = analysis.tokens + [t for t in splits if t not in analysis.tokens]
            known[word] = _word_tokens[word] = tokens
    return [known[word] for word in words]


def plain_text(value: str) -> str:
    """``value`` without its tags, each run of whitespace one space, stripped. Each pass runs
    only where it can change something: a snippet's text is a page's whole text (a post's
    body, its attachments' text), already plain in its parts, and the substitutions that
    found nothing to change were most of the regular-expression work of a cold results page."""
    value = value or ""
    if "<" in value:
        value = _TAGS.sub(" ", value)
    if _SPACE_CHANGED.search(value):
        value = _SPACE.sub(" ", value)
    return value.strip()


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


def _core(word: str) -> tuple[int, int]:
    """Where ``word`` is left once the punctuation at either end is cut off (a comma, a full
    stop, quotation marks, brackets): ``refugees,`` is marked as ``refugees``, ``“북한난민을”``
    as ``북한난민을``. A word of punctuation alone keeps its whole length."""
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start])[0] == "P":
        start += 1
    while end > start and unicodedata.category(word[end - 1])[0] == "P":
        end -= 1
    return (start, end) if start < end else (0, len(word))


def highlight(text: str, matcher: QueryMatcher) -> SafeString:
    """``text`` escaped, with each matching word in ``<mark>`` (the punctuation around it left
    outside)."""
    out, last = [], 0
    for start, word in matcher.matching_words(text):
        core_start, core_end = _core(word)
        out.append(escape(text[last : start + core_start]))
        out.append(f"<mark>{escape(word[core_start:core_end])}</mark>")
        last = start + core_end
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
