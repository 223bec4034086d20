"""Query parameters of public pages, parsed in one place.

Every public view, page and selector that reads ``request.GET`` goes through these functions,
so a hostile value (``?page=²``, ``?year=99999999999999999999``, ten thousand characters, a
NUL byte) falls back to the default instead of reaching ``int()`` or the database:

- ``param_int``: ASCII digits only (``str.isdigit()`` accepts "²" and "٣", which ``int()``
  refuses or reads differently), at most nine of them, then bounded; anything else is the
  default.
- ``param_choice``: one of a fixed set of values, else the default.
- ``param_text``: the value cut to a maximum length, without NUL bytes and surrounding spaces.

Each reads the last value of a repeated key, like ``QueryDict.get``. They cost a dictionary
look-up and a regular expression: nothing a hot page notices, and no query.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")


def int_or_none(text: str | None, *, minimum: int | None = None, maximum: int | None = None):
    """``text`` as a whole number if it is 1–9 ASCII digits (spaces around allowed) within
    ``minimum``..``maximum``; ``None`` otherwise."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _ASCII_NUMBER.fullmatch(text):
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def param_int(
    params: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    clamp: bool = False,
) -> int | None:
    """The parameter as a number within ``minimum``..``maximum``, else ``default``.

    With ``clamp``, a well-formed number outside the bounds is brought to the nearest bound
    instead (``?page=999999`` → the last page a listing allows) — but malformed text is
    still the default."""
    number = int_or_none(params.get(name))
    if number is None:
        return default
    if clamp:
        if minimum is not None:
            number = max(number, minimum)
        if maximum is not None:
            number = min(number, maximum)
        return number
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def param_choice(
    params: Mapping[str, str], name: str, choices: Collection[str], *, default: str = ""
) -> str:
    """The parameter if it is one of ``choices``, else ``default``."""
    value = params.get(name)
    return value if isinstance(value, str) and value in choices else default


def param_text(params: Mapping[str, str], name: str, *, max_length: int, default: str = "") -> str:
    """The parameter without NUL bytes or surrounding spaces, at most ``max_length``
    characters; ``default`` when absent."""
    value = params.get(name)
    if not isinstance(value, str):
        return default
    # cut, then strip again: a cut can end on a space ("0 0" at two characters)
    return value[: max_length * 2].replace("\x00", "").strip()[:max_length].rstrip()
