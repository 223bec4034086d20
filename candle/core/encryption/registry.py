"""Which columns and files hold encrypted data, so one command can rotate them all.

Fields of ``EncryptedTextField`` and ``EncryptedFileField`` are found by their type on every
installed model: adding one to a model is all it takes. Columns that hold a token an app made
itself with ``keys.field_encrypt`` (giving's resident numbers, kept as plain text columns)
are registered by that app's ``ready()`` with ``encrypted_tokens_register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.apps import apps

Kind = Literal["value", "token", "file"]

_token_columns: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class EncryptedColumn:
    model: type
    field_name: str
    kind: Kind  # value: EncryptedTextField; token: a text column of tokens; file: file content

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field_name}"


def encrypted_tokens_register(model_label: str, field_name: str) -> None:
    """Declare that ``model_label``'s text column ``field_name`` holds field-key tokens."""
    _token_columns.add((model_label, field_name))


def encrypted_columns() -> list[EncryptedColumn]:
    """Every encrypted column and file field of the installed models, in a stable order."""
    from .fields import EncryptedFileField, EncryptedTextField

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append(EncryptedColumn(model, field.name, "value"))
            elif isinstance(field, EncryptedFileField):
                found.append(EncryptedColumn(model, field.name, "file"))
            elif (model._meta.label, field.name) in _token_columns:
                found.append(EncryptedColumn(model, field.name, "token"))
    return sorted(found, key=lambda column: column.label)
