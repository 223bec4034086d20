"""A dump of the whole database holds no resident number and no encrypted text in clear.

The data is committed (a transactional test), then the database is dumped the way a backup
would be: SQLite's own dump (``iterdump``) or PostgreSQL's ``pg_dump`` (or, without it, every
text column read back). The resident number is searched for with and without its dash, the
encrypted text in full and by its distinctive part.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.db import connection

from candle.core.tests.encrypted_sample.models import EncryptedSample
from candle.giving.services import tax_id_store
from candle.supporters.models import Supporter

NUMBER = "900101-1234567"
SECRET = "윤가명 피해 진술 요약"
CLEAR = ("9001011234567", "900101-1234567", "1234567", SECRET, "피해 진술")


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    if pg_dump := shutil.which("pg_dump"):
        result = subprocess.run(  # noqa: S603 - our own database's settings
            [
                pg_dump,
                "--data-only",
                "-h",
                settings["HOST"] or "127.0.0.1",
                "-p",
                str(settings["PORT"] or 5432),
                "-U",
                settings["USER"],
                settings["NAME"],
            ],
            env={"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout
    return _every_text_column()


def _every_text_column() -> str:
    values = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f"SELECT {connection.ops.quote_name(column)}::text "  # noqa: S608 - quoted names
                f"FROM {connection.ops.quote_name(table)}"
            )
            values += [row[0] for row in cursor.fetchall() if row[0]]
    return "\n".join(values)


@pytest.mark.django_db(transaction=True)
def test_the_database_dump_holds_nothing_in_clear(settings, tmp_path):
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_ENCRYPTED_FILES_DIR = str(tmp_path / "encrypted")
    supporter = Supporter.objects.create(name="가명 덤프시험", email="dump.test@candle.example")
    tax_id_store(supporter=supporter, raw=NUMBER)
    sample = EncryptedSample(label="dump", secret=SECRET)
    sample.document.save("statement.txt", ContentFile(SECRET.encode()), save=False)
    sample.save()

    dump = _dump()
    assert "가명 덤프시험" in dump  # the dump is real: what is not encrypted is found
    assert "900101-1******" in dump  # the masked number, stored on purpose
    found = [text for text in CLEAR if text in dump]
    assert not found, f"in clear in the dump: {found}"
    assert (
        SECRET.encode() not in (tmp_path / "encrypted").joinpath(sample.document.name).read_bytes()
    )
