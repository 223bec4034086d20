"""Audit entries for personal records written without model signals.

A queryset ``update()`` or a ``bulk_create()`` sends no ``pre_save``/``post_save``, so
``candle.audit.receivers`` never sees it. Code that writes personal data that way goes
through here, in the same transaction as the write:

- ``rows_update(queryset, values)``: the update itself, and one ``record.change`` entry per row
  it changed (target: the row; fields: the names in ``values``, never the values). Returns
  the number of rows, like ``update()``.
- ``rows_record(action, model=…, ids=…)``: one entry per row already written (by a
  ``bulk_create`` that returned its keys, or an ``update`` whose rows were chosen by key).
- ``batch_record(action, model=…, count=…, detail=…)``: one entry for a batch whose keys are
  not known (``bulk_create(ignore_conflicts=True)``); ``detail`` names what selects the rows
  (``issue #5``), ``count`` how many.

A queryset ``delete()`` needs none of this: on the personal models the audit's
``post_delete`` receivers are connected, so Django deletes row by row and sends the signal.
``candle/audit/tests/test_rows.py`` scans the code for writes that bypass the signals and
keeps the list of the places allowed to, each with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, transaction

from .log import entry_build

CHUNK = 500  # keys per UPDATE … WHERE pk IN (…): well under SQLite's parameter limit


def rows_update(queryset, values: dict, *, detail: str = "") -> int:
    """``queryset.update(**values)`` with one ``record.change`` entry per row changed. The rows
    are locked (PostgreSQL) before they are updated, so the entries name exactly those rows."""
    model = queryset.model
    alias = queryset.db
    features = connections[alias].features
    with transaction.atomic(using=alias):
        locked = queryset.select_for_update(
            **({"of": ("self",)} if features.has_select_for_update_of else {})
        )
        ids = [row.pk for row in locked.only("pk").order_by("pk")]
        for start in range(0, len(ids), CHUNK):
            model._base_manager.using(alias).filter(pk__in=ids[start : start + CHUNK]).update(
                **values
            )
        rows_record("record.change", model=model, ids=ids, fields=values, detail=detail)
    return len(ids)


def rows_record(
    action: str, *, model, ids: Iterable, fields: Iterable[str] = (), detail: str = ""
) -> None:
    """One entry per row (``Registration #12``), appended under one lock in one insert."""
    from .chain import entries_append

    target_type = model._meta.label_lower
    fields = list(fields)
    entries_append(
        [
            entry_build(
                action,
                target=(target_type, str(pk)[:64], f"{model.__name__} #{pk}"[:150]),
                fields=fields,
                detail=detail,
            )
            for pk in ids
        ]
    )


def batch_record(
    action: str, *, model, count: int, fields: Iterable[str] = (), detail: str = ""
) -> None:
    """One entry for ``count`` rows whose keys are not known; ``detail`` says which rows."""
    from .chain import entries_append

    if count:
        entries_append(
            [
                entry_build(
                    action,
                    target=(model._meta.label_lower, "", model.__name__),
                    fields=fields,
                    count=count,
                    detail=detail,
                )
            ]
        )
