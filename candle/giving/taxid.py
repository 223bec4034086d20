"""Resident registration numbers (주민등록번호): checked, encrypted, masked.

The keys live outside the database: ``CANDLE_FIELD_KEYS`` (comma-separated Fernet keys, newest
first) or the file named by ``CANDLE_FIELD_KEY_FILE`` (one key a line, newest first). Encryption
uses the first key; decryption tries each, so a new key can be put in front and
``manage.py rotate_field_keys`` re-encrypts every stored number with it, after which the old
key can be removed. Numbers are never logged: nothing here formats them into a message, and
errors name the problem, not the value.
"""

import datetime as dt
import os
import re
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

_RRN = re.compile(r"^(\d{6})-?(\d)(\d{6})$")


class TaxIdKeyError(ImproperlyConfigured):
    pass


def _key_lines() -> list[str]:
    raw = getattr(settings, "CANDLE_FIELD_KEYS", "") or ""
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if keys:
        return keys
    path = Path(getattr(settings, "CANDLE_FIELD_KEY_FILE", "") or "")
    if not str(path) or str(path) == ".":
        raise TaxIdKeyError(
            "No field encryption key: set CANDLE_FIELD_KEYS or CANDLE_FIELD_KEY_FILE."
        )
    if not path.exists():
        if not getattr(settings, "CANDLE_FIELD_KEY_AUTOCREATE", False):
            raise TaxIdKeyError(f"The field key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
    keys = [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if not keys:
        raise TaxIdKeyError(f"The field key file {path} holds no key.")
    return keys


def field_cipher() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _key_lines()])
    except ValueError as error:
        raise TaxIdKeyError("A field encryption key is not a valid Fernet key.") from error


def tax_id_normalise(raw: str) -> str:
    """``"900101-1234567"`` or ``"9001011234567"`` → ``"9001011234567"``; anything else raises
    ValidationError (in the user's language, without repeating the number)."""
    value = (raw or "").strip().replace(" ", "")
    match = _RRN.match(value)
    if not match:
        raise ValidationError(
            _("Enter the 13-digit resident registration number (YYMMDD-NNNNNNN)."), code="format"
        )
    birth, gender, rest = match.groups()
    century = {
        "1": 1900,
        "2": 1900,
        "5": 1900,
        "6": 1900,
        "3": 2000,
        "4": 2000,
        "7": 2000,
        "8": 2000,
        "9": 1800,
        "0": 1800,
    }[gender]
    try:
        dt.date(century + int(birth[:2]), int(birth[2:4]), int(birth[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits must be a date of birth (YYMMDD)."), code="date"
        ) from None
    return birth + gender + rest


def tax_id_mask(normalised: str) -> str:
    return f"{normalised[:6]}-{normalised[6]}******"


def tax_id_encrypt(normalised: str) -> str:
    return field_cipher().encrypt(normalised.encode()).decode()


def tax_id_decrypt(token: str) -> str:
    try:
        return field_cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise TaxIdKeyError(
            "A stored number cannot be decrypted with the configured keys."
        ) from None


def tax_id_rotate_token(token: str) -> str:
    try:
        return field_cipher().rotate(token.encode()).decode()
    except InvalidToken:
        raise TaxIdKeyError(
            "A stored number cannot be decrypted with the configured keys."
        ) from None


def tax_id_formatted(normalised: str) -> str:
    return f"{normalised[:6]}-{normalised[6:]}"
