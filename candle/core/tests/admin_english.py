"""Find English an editor would read on an admin page: runs of three or more English words.

Used by ``test_admin_korean.py`` (and by hand: ``python -m candle.core.tests.admin_english`` is
not offered; import ``english_runs`` in a shell to look at one page). What counts as read: the
text of the page, and the attributes a person meets as text (``title``, ``placeholder``,
``aria-label``, ``alt``, a submit button's ``value``). Scripts, styles, data attributes and
other attribute values are code, not reading.

A run is three or more consecutive words written in Latin letters, within one piece of text;
a token with a digit or without a lower-case letter (GIF, CSV), ``/``, ``@``, ``_``, ``=`` or ``:`` breaks a run (addresses, file names,
code). The allowed phrases are removed before looking, so a run made only of them is no run.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment

# Each phrase here is allowed for the reason beside it; keep the list short.
ALLOWED_PHRASES = [
    r"Wagtail(?: CMS)?(?: Localize)?",  # the product's name, shown as a name
    r"Wagtail API v\d+",  # a package's name in the settings' app list
    r"(?:Google|DeepL) Translate",  # product names
    r"PO",  # the gettext file format's name (wagtail-localize's "PO 파일")
    r"Lorem ipsum[a-z ,.]*",  # placeholder Latin in demo content
    r"Hangul Office|HWP",  # a file format's name
    r"e-?mail",  # the word is Korean software's too (이메일), kept for addresses' labels
]
_ALLOWED = re.compile(r"\b(?:" + "|".join(ALLOWED_PHRASES) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"^[(\[\"'“‘]*[A-Za-z][A-Za-z'’.-]*[)\]\"'”’.,:;!?…]*$")
_LOWER = re.compile(r"[a-z]")  # GIF, CSV, UN: acronyms and format names are not English prose
_READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def _texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "noscript", "svg"]):
        node.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    texts = list(soup.find_all(string=True))
    for element in soup.find_all(True):
        for attribute in _READ_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str):
                texts.append(value)
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.append(element.get("value") or "")
    return [str(t) for t in texts]


def english_runs(html: str, *, allowed: re.Pattern | None = None) -> list[str]:
    """Each run of 3+ English words in what a reader of ``html`` reads, once."""
    runs: list[str] = []
    for text in _texts(html):
        text = _ALLOWED.sub(" · ", text)
        if allowed is not None:
            text = allowed.sub(" · ", text)
        run: list[str] = []
        for token in [*text.split(), ""]:
            if (
                token
                and _WORD.match(token)
                and _LOWER.search(token)
                and not re.search(r"[0-9/@_=:]", token.strip(":"))
            ):
                run.append(token)
                continue
            if len(run) >= 3:
                phrase = " ".join(run)
                if phrase not in runs:
                    runs.append(phrase)
            run = []
    return runs
