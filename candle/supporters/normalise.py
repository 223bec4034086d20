"""Normal forms of e-mail addresses and phone numbers, the keys duplicates are found by."""

import re

_NON_DIGITS = re.compile(r"\D+")


def email_normalise(email: str) -> str:
    """Lower-cased and trimmed. Dots and plus-tags are kept: they can be real, distinct boxes."""
    return (email or "").strip().lower()


def phone_normalise(phone: str) -> str:
    """Korean numbers in their domestic form: ``010-1234-5678``, ``01012345678``,
    ``+82 10-1234-5678`` and ``0082 10 1234 5678`` all give ``01012345678``. Other
    international numbers keep their country code with a leading ``+``."""
    raw = (phone or "").strip()
    if not raw:
        return ""
    international = raw.startswith("+") or raw.startswith("00")
    digits = _NON_DIGITS.sub("", raw)
    if raw.startswith("00"):
        digits = digits[2:]
    if international:
        if digits.startswith("82"):
            rest = digits[2:]
            if rest.startswith("0"):  # "+82 (0)10…"
                rest = rest[1:]
            return "0" + rest if rest else ""
        return "+" + digits if digits else ""
    return digits
