"""Back up a site with content, restore it into an empty target, and find every row and file
again; refuse a non-empty target, a wrong key and an altered archive; never carry a field key.

Runs on the database the tests use: SQLite by default, PostgreSQL with DATABASE_URL=postgres://…
(pg_dump and pg_restore must then be installed; the test is skipped, saying so, if not).
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pyrage
import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from candle.backups import database
from candle.backups.archive import ArchiveRefused
from candle.backups.database import DatabaseTarget
from candle.backups.services import SiteData, backup_create, backup_restore, site_data_configured
from candle.core.encryption.keys import field_decrypt, field_decrypt_bytes
from candle.core.tests.encrypted_sample.models import EncryptedSample
from candle.core.tests.migration_rows import migration_rows_restore
from candle.giving.models import DonorTaxId
from candle.giving.services import tax_id_store
from candle.pages.factories import CandleImageFactory
from candle.supporters.factories import SupporterFactory
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "홍길동예시 — 면담 기록 요약 (fictional)"
DOCUMENT = b"%PDF-1.4 fictional statement of Example Person"
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def keys(settings, tmp_path):
    settings.CANDLE_FIELD_KEYS = ""
    key_file = tmp_path / "field-keys"
    key_file.write_text(Fernet.generate_key().decode() + "\n")
    settings.CANDLE_FIELD_KEY_FILE = str(key_file)
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_ENCRYPTED_FILES_DIR = str(tmp_path / "encrypted")
    return key_file.read_text().strip()


@pytest.fixture
def age_key():
    identity = pyrage.x25519.Identity.generate()
    return identity, identity.to_public()


@pytest.fixture
def _migration_rows(transactional_db):
    migration_rows_restore()


@pytest.fixture
def content(keys, _migration_rows):
    """Supporters, an image, an encrypted text, file and number (pages: ``site_content``)."""
    SupporterFactory.create_batch(12)
    image = CandleImageFactory(title="Example image")
    sample = EncryptedSample(label="example", secret=SECRET)
    sample.document.save("statement.pdf", ContentFile(DOCUMENT), save=False)
    sample.save()
    tax_id_store(supporter=Supporter.objects.create(name="홍길동예시"), raw="900101-1234567")
    return {"image": image, "sample": sample}


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the same kind as the test database, and empty directories."""
    if not POSTGRES:
        yield SiteData(
            database=DatabaseTarget(
                {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.db")}
            ),
            media_root=tmp_path / "restored-media",
            encrypted_dir=tmp_path / "restored-encrypted",
        )
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed: PostgreSQL's client tools are needed")
    settings_dict = dict(connection.settings_dict)
    name = f"{settings_dict['NAME']}_restore"
    admin = DatabaseTarget({**settings_dict, "NAME": "postgres"}).pg_connect()
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SiteData(
            database=DatabaseTarget({**settings_dict, "NAME": name}),
            media_root=tmp_path / "restored-media",
            encrypted_dir=tmp_path / "restored-encrypted",
        )
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _live_counts() -> dict[str, int]:
    if POSTGRES:
        return database.pg_row_counts(DatabaseTarget(dict(connection.settings_dict)))
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the schema
            counts[table] = cursor.fetchone()[0]
        return counts


def _restored_counts(target: SiteData) -> dict[str, int]:
    if POSTGRES:
        return database.pg_row_counts(target.database)
    if not Path(target.database.sqlite_path).exists():
        return {}
    return database.sqlite_row_counts(target.database.sqlite_path)


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _restored_value(target: SiteData, table: str, column: str) -> str:
    sql = f'SELECT "{column}" FROM "{table}"'  # noqa: S608 - names from the model
    if POSTGRES:
        with target.database.pg_connect() as pg:
            return pg.execute(sql).fetchone()[0]
    import sqlite3

    with sqlite3.connect(target.database.sqlite_path) as restored:
        return restored.execute(sql).fetchone()[0]


def _archive_members(archive: Path, identity) -> dict[str, bytes]:
    plain = pyrage.decrypt(archive.read_bytes(), [identity])
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as tar:
        return {info.name: tar.extractfile(info).read() for info in tar if info.isfile()}


@pytest.fixture
def site_content(content):
    """``content`` and both languages' page trees (boards, work areas, the library)."""
    from candle.pages.services import site_tree_ensure

    site_tree_ensure()
    return content


def test_round_trip_restores_every_row_and_file(site_content, empty_target, age_key, tmp_path):
    identity, recipient = age_key
    source = site_data_configured()
    before_counts = _live_counts()
    before_media = _checksums(source.media_root)
    before_encrypted = _checksums(source.encrypted_dir)
    assert before_media and before_encrypted  # there is something to lose
    messages: list[str] = []

    archive = tmp_path / "out" / "candle.tar.gz.age"
    manifest = backup_create(output=archive, recipients=[recipient], progress=messages.append)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert any(message.startswith("Done:") for message in messages)
    assert manifest["tables"] == before_counts
    assert manifest["tables"]["supporters_supporter"] == Supporter.objects.count() >= 13
    assert manifest["tables"]["wagtailcore_page"] > 10

    backup_restore(archive=archive, identities=[identity], target=empty_target)

    assert _restored_counts(empty_target) == before_counts
    assert _checksums(empty_target.media_root) == before_media
    assert _checksums(empty_target.encrypted_dir) == before_encrypted
    # Encrypted columns and files come back as ciphertext, readable with the same keys.
    token = _restored_value(empty_target, "encrypted_sample_encryptedsample", "secret")
    assert SECRET not in token and field_decrypt(token) == SECRET
    document = next(empty_target.encrypted_dir.rglob("statement*.pdf"))
    assert DOCUMENT not in document.read_bytes()
    assert field_decrypt_bytes(document.read_bytes()) == DOCUMENT
    stored = _restored_value(empty_target, DonorTaxId._meta.db_table, "encrypted")
    assert "900101" not in stored and field_decrypt(stored).replace("-", "") == "9001011234567"
    assert (
        empty_target.encrypted_dir / site_content["sample"].document.name
    ).stat().st_mode & 0o777 == 0o600


def test_field_keys_are_never_in_the_archive(content, keys, age_key, tmp_path, settings):
    identity, recipient = age_key
    # Even a key file someone left in the media directory is not taken along.
    stray = Path(settings.MEDIA_ROOT) / "field-keys"
    stray.write_text(keys + "\n")
    settings.CANDLE_FIELD_KEY_FILE = str(stray)
    archive = tmp_path / "candle.tar.gz.age"
    backup_create(output=archive, recipients=[recipient])

    members = _archive_members(archive, identity)
    raw_key = base64.urlsafe_b64decode(keys)
    assert any(name.startswith("database/") for name in members)
    assert any(name.startswith("encrypted-files/") for name in members)
    assert "media/field-keys" not in members
    for name, data in members.items():
        assert keys.encode() not in data, name
        assert raw_key not in data, name


def test_a_key_found_in_a_file_stops_the_backup(content, keys, age_key, tmp_path, settings):
    _identity, recipient = age_key
    (Path(settings.MEDIA_ROOT) / "notes.txt").write_text(f"the key is {keys}\n")
    archive = tmp_path / "candle.tar.gz.age"
    with pytest.raises(CommandError, match="field encryption key was found"):
        backup_create(output=archive, recipients=[recipient])
    assert not archive.exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.fixture
def made(content, age_key, tmp_path):
    identity, recipient = age_key
    archive = tmp_path / "candle.tar.gz.age"
    backup_create(output=archive, recipients=[recipient])
    return archive, identity, recipient


def test_restore_refuses_a_target_that_is_not_empty(made, empty_target):
    archive, identity, _recipient = made
    with pytest.raises(CommandError, match="not empty"):  # the site's own database
        backup_restore(archive=archive, identities=[identity])
    (empty_target.media_root / "original_images").mkdir(parents=True)
    (empty_target.media_root / "original_images" / "left.jpg").write_bytes(b"left behind")
    with pytest.raises(CommandError, match="already holds files"):
        backup_restore(archive=archive, identities=[identity], target=empty_target)
    assert _restored_counts(empty_target) == {}


def test_restore_refuses_an_altered_archive_and_a_wrong_key(made, empty_target, tmp_path):
    archive, identity, recipient = made
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered = tmp_path / "altered.age"
    altered.write_bytes(bytes(data))
    with pytest.raises(ArchiveRefused, match="damaged or was altered"):
        backup_restore(archive=altered, identities=[identity], target=empty_target)
    with pytest.raises(ArchiveRefused, match="another key"):
        backup_restore(
            archive=archive, identities=[pyrage.x25519.Identity.generate()], target=empty_target
        )

    # Re-encrypted for the right key (the recipient is public) with one member changed.
    members = _archive_members(archive, identity)
    changed = next(name for name in members if name.startswith("media/"))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in members.items():
            body = b"replaced" if name == changed else body
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    forged = tmp_path / "forged.age"
    forged.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    with pytest.raises(ArchiveRefused, match="does not match its manifest"):
        backup_restore(archive=forged, identities=[identity], target=empty_target)
    assert _restored_counts(empty_target) == {}
    assert not empty_target.media_root.exists()


def test_commands(made, tmp_path, settings, age_key):
    archive, identity, recipient = made
    settings.CANDLE_BACKUP_RECIPIENT = ""
    with pytest.raises(CommandError, match="CANDLE_BACKUP_RECIPIENT"):
        call_command("backup", "--output", str(tmp_path / "x.age"))
    settings.CANDLE_BACKUP_RECIPIENT = "not-a-key"
    with pytest.raises(CommandError, match="not an age public key"):
        call_command("backup", "--output", str(tmp_path / "x.age"))
    settings.CANDLE_BACKUP_RECIPIENT = str(recipient)
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "cmd.age"), stdout=out)
    assert "Database" in out.getvalue() and "Done:" in out.getvalue()
    from candle.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="backup.create")
    assert entry.detail == "cmd.age" and entry.count > 0

    identity_file = tmp_path / "identity.txt"
    call_command("backup_keygen", str(identity_file), stdout=io.StringIO())
    assert identity_file.stat().st_mode & 0o777 == 0o600
    (tmp_path / "empty.txt").write_text("# nothing\n")
    with pytest.raises(CommandError, match="no age secret key"):
        call_command("restore", str(archive), "--identity", str(tmp_path / "empty.txt"))
    identity_file.write_text(f"{identity}\n")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--identity", str(identity_file))
