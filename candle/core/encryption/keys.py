"""The field keys: read from outside the database, checked, and the cipher made from them.

``CANDLE_FIELD_KEYS`` holds comma-separated Fernet keys, newest first; otherwise the file named
by ``CANDLE_FIELD_KEY_FILE`` holds one a line (``#`` comments allowed). Encryption uses the
first key; decryption tries each, so a new key is put in front, ``manage.py rotate_field_keys``
re-encrypts everything with it, and the old key is then removed. In development the key file
is created (mode 600) when ``CANDLE_FIELD_KEY_AUTOCREATE`` is on; production refuses that
(``field_key_problems``, called by the production settings and the deploy check).

Nothing here formats a stored or decrypted value into a message: errors say what is wrong with
the keys, never what they protect.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured


class FieldKeyError(ImproperlyConfigured):
    """The keys are missing or wrong, or a stored value was made with a key no longer given."""


def _keys_in(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def field_key_lines() -> list[str]:
    """The configured keys, newest first (creating the development key file if allowed)."""
    from django.conf import settings

    raw = getattr(settings, "CANDLE_FIELD_KEYS", "") or ""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    if keys:
        return keys
    path = Path(getattr(settings, "CANDLE_FIELD_KEY_FILE", "") or "")
    if not str(path) or str(path) == ".":
        raise FieldKeyError(
            "No field encryption key: set CANDLE_FIELD_KEYS or CANDLE_FIELD_KEY_FILE."
        )
    if not path.exists():
        if not getattr(settings, "CANDLE_FIELD_KEY_AUTOCREATE", False):
            raise FieldKeyError(f"The field key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
    keys = _keys_in(path.read_text())
    if not keys:
        raise FieldKeyError(f"The field key file {path} holds no key.")
    return keys


def field_cipher() -> MultiFernet:
    """The cipher of the configured keys (read afresh each time: a rotation changes them)."""
    try:
        return MultiFernet([Fernet(key) for key in field_key_lines()])
    except ValueError as error:
        raise FieldKeyError("A field encryption key is not a valid Fernet key.") from error


_UNREADABLE = "A stored value cannot be decrypted with the configured field keys."


def field_encrypt_bytes(data: bytes) -> bytes:
    return field_cipher().encrypt(data)


def field_decrypt_bytes(token: bytes) -> bytes:
    try:
        return field_cipher().decrypt(token)
    except InvalidToken:
        raise FieldKeyError(_UNREADABLE) from None


def field_rotate_bytes(token: bytes, cipher: MultiFernet | None = None) -> bytes:
    """The same plaintext under the newest key (``cipher``: one built once for a batch)."""
    try:
        return (cipher or field_cipher()).rotate(token)
    except InvalidToken:
        raise FieldKeyError(_UNREADABLE) from None


def field_encrypt(text: str) -> str:
    return field_encrypt_bytes(text.encode()).decode()


def field_decrypt(token: str) -> str:
    return field_decrypt_bytes(token.encode()).decode()


def field_rotate(token: str, cipher: MultiFernet | None = None) -> str:
    return field_rotate_bytes(token.encode(), cipher).decode()


def field_key_problems(*, keys: str, key_file: str, autocreate: bool) -> list[str]:
    """Why production must not start with these key settings (empty: it may). Takes the values
    rather than reading settings, so the production settings module can call it while loading.
    Never shows a key."""
    if autocreate:
        return [
            "CANDLE_FIELD_KEY_AUTOCREATE is on (the development default): keys for encrypted "
            "fields (resident registration numbers, case files) would be created beside the "
            "data. Set CANDLE_FIELD_KEY_AUTOCREATE=0 and give the keys in CANDLE_FIELD_KEYS or "
            "in an existing CANDLE_FIELD_KEY_FILE."
        ]
    found = [key.strip() for key in (keys or "").split(",") if key.strip()]
    source = "CANDLE_FIELD_KEYS"
    if not found:
        source = "CANDLE_FIELD_KEY_FILE"
        path = Path(key_file) if key_file else None
        if path is None or not path.is_file():
            return [
                f"No field encryption key: CANDLE_FIELD_KEYS is empty and CANDLE_FIELD_KEY_FILE "
                f"({key_file or 'unset'}) is not an existing file."
            ]
        if path.stat().st_mode & 0o007:
            return [f"CANDLE_FIELD_KEY_FILE ({path}) may be read by anyone: chmod 600 it."]
        try:
            found = _keys_in(path.read_text())
        except (OSError, UnicodeDecodeError) as error:
            return [f"CANDLE_FIELD_KEY_FILE ({path}) cannot be read: {type(error).__name__}."]
        if not found:
            return [f"CANDLE_FIELD_KEY_FILE ({path}) holds no key."]
    for key in found:
        try:
            Fernet(key)
        except ValueError:
            return [f"{source} holds a value that is not a Fernet key (no key is shown here)."]
    return []
