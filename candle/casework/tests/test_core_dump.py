"""A database dump holds no name, contact or narrative in clear: every casework table's raw
columns (SQLite and PostgreSQL alike) and the document files on disk are searched for the
clear text; read through the models with the keys, everything comes back."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from candle.casework.models import CaseDocument
from candle.core.encryption.fields import EncryptedTextField

from .walk import casework_walk_rows

pytestmark = pytest.mark.django_db


def _encrypted_fields():
    for model in apps.get_app_config("casework").get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _dump() -> str:
    """Every row of every casework table, every column, as the database returns it."""
    lines = []
    with connection.cursor() as cursor:
        for model in apps.get_app_config("casework").get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a table name from the model)
            for row in cursor.fetchall():
                lines.append(" | ".join(str(value) for value in row))
    return "\n".join(lines)


def test_every_encrypted_column_holds_no_clear_text_and_reads_back(django_user_model):
    rows = casework_walk_rows()
    clear = {}
    for model, field in _encrypted_fields():
        for row in model.objects.all():
            value = f"평문{model._meta.model_name}{field.name}홍길동예시 cleartextmark {row.pk}"
            setattr(row, field.attname, value)
            row.save(update_fields=[field.attname])
            clear[(model, row.pk, field.attname)] = value
    assert len({model for model, _pk, _name in clear}) >= 7  # cases, notes, documents, dossiers…
    dump = _dump()
    assert "홍길동예시" not in dump and "평문" not in dump and "cleartextmark" not in dump
    for word in ("Taken from the fishing boat", "source.leaktest", "홍시험누설"):
        assert word not in dump
    for (model, pk, name), value in clear.items():
        assert getattr(model.objects.get(pk=pk), name) == value  # the keys read it back

    document = CaseDocument.objects.get(pk=rows[CaseDocument].pk)
    on_disk = document.file.storage.raw_bytes(document.file.name)
    assert b"fishing boat" not in on_disk
    assert document.file.open().read().startswith(b"Taken from the fishing boat")


def test_what_stays_clear_is_only_what_finds_a_case():
    """Number, pseudonym, kind, status, country and region are clear by design: the dossier's
    searchable columns are none of the person's."""
    from candle.casework.models import Dossier

    clear_text = [
        f.name
        for f in Dossier._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
        and not isinstance(f, EncryptedTextField)
    ]
    assert sorted(clear_text) == ["nationality", "sex", "wgeid_reference"]
