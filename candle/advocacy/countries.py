"""Country choices for the sign forms, in the reader's language (Korean or English)."""

from __future__ import annotations

from functools import cache

from .countries_data import COUNTRIES

CODES = frozenset(code for code, _ko, _en in COUNTRIES)


@cache
def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name in ``language`` (ko or en); Korea first."""
    index = 1 if language == "ko" else 2
    rows = sorted(COUNTRIES, key=lambda row: row[index])
    first = [row for row in rows if row[0] == "KR"]
    rest = [row for row in rows if row[0] != "KR"]
    return tuple((row[0], row[index]) for row in first + rest)


def country_name(code: str, language: str) -> str:
    """The name of ``code`` in ``language``; the code itself if unknown."""
    for row_code, ko, en in COUNTRIES:
        if row_code == code:
            return ko if language == "ko" else en
    return code
