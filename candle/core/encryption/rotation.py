"""Key rotation: every encrypted column and file, re-encrypted with the newest key in batches.

Put the new key first in CANDLE_FIELD_KEYS (or the key file), keeping the old one after it,
run ``manage.py rotate_field_keys``, then remove the old key. Each batch is one transaction with
its rows locked, so a gift or a case saved meanwhile is not overwritten with a stale value; a
run that stops half-way is simply run again (rotating a value already under the newest key
gives a new token of the same value). Files are replaced one by one, each in one step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import transaction

from .keys import field_cipher, field_rotate
from .registry import EncryptedColumn, encrypted_columns

BATCH_SIZE = 200

Progress = Callable[[EncryptedColumn, int, int], None]  # column, done so far, total


def _batches(pks: list, size: int):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _column_rotate(column: EncryptedColumn, *, batch_size: int, progress: Progress | None) -> int:
    model, name = column.model, column.field_name
    rows = model._default_manager.exclude(**{f"{name}__isnull": True})
    if column.kind != "value":
        rows = rows.exclude(**{name: ""})
    pks = list(rows.order_by("pk").values_list("pk", flat=True))
    cipher = field_cipher()  # read the keys once for the whole column
    done = 0
    for batch in _batches(pks, batch_size):
        with transaction.atomic():
            objects = list(
                model._default_manager.select_for_update().filter(pk__in=batch).order_by("pk")
            )
            for obj in objects:
                value = getattr(obj, name)
                if column.kind == "token":
                    setattr(obj, name, field_rotate(value, cipher))
                elif column.kind == "file":
                    value.storage.rotate(value.name, cipher)
            # "value": the field decrypted on load, and saving encrypts with the newest key
            if column.kind != "file" and objects:
                model._default_manager.bulk_update(objects, [name])
        done += len(batch)
        if progress:
            progress(column, done, len(pks))
    return len(pks)


def field_keys_rotate(
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    only: Collection[str] | None = None,
) -> dict[str, int]:
    """Re-encrypt every encrypted column and file (or those labelled in ``only``) with the
    newest key. Returns how many rows each column (``app.Model.field``) had."""
    return {
        column.label: _column_rotate(column, batch_size=batch_size, progress=progress)
        for column in encrypted_columns()
        if only is None or column.label in only
    }
