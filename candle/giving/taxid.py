"""Resident registration numbers (주민등록번호): checked, encrypted, masked.

Encryption is the project's field encryption (``candle.core.encryption``): keys outside the
database (``CANDLE_FIELD_KEYS`` or ``CANDLE_FIELD_KEY_FILE``), newest first, rotated for every
app by ``manage.py rotate_field_keys``. The two columns of tokens made here
(``DonorTaxId.encrypted``, ``TaxIdSubmission.encrypted``) are registered for rotation in
``GivingConfig.ready``. Numbers are never logged: nothing here formats them into a message, and
errors name the problem, not the value.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from candle.core.encryption.keys import (
    FieldKeyError,
    field_decrypt,
    field_encrypt,
    field_rotate,
)

_RRN = re.compile(r"^(\d{6})-?(\d)(\d{6})$")

# The columns of resident-number tokens, for key rotation (candle.core.encryption.registry).
TAX_ID_COLUMNS = ("giving.DonorTaxId.encrypted", "giving.TaxIdSubmission.encrypted")

TaxIdKeyError = FieldKeyError  # giving's name for it: the same error


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
    return field_encrypt(normalised)


def tax_id_decrypt(token: str) -> str:
    return field_decrypt(token)


def tax_id_rotate_token(token: str) -> str:
    return field_rotate(token)


def tax_id_formatted(normalised: str) -> str:
    return f"{normalised[:6]}-{normalised[6:]}"
