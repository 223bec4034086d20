"""Field encryption (candle.core.encryption): text and files encrypted at rest, read back whole,
rotated to a new key by one command for every app, refused without keys."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Permission
from django.core.checks import run_checks
from django.core.exceptions import FieldError, PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from candle.core.encryption.files import encrypted_file_response, encrypted_files_dir
from candle.core.encryption.keys import FieldKeyError, field_decrypt, field_key_problems
from candle.core.encryption.registry import encrypted_columns
from candle.core.encryption.rotation import field_keys_rotate
from candle.core.tests.encrypted_sample.models import EncryptedSample
from candle.giving.models import DonorTaxId
from candle.giving.services import tax_id_store
from candle.giving.taxid import tax_id_decrypt
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db

SECRET = "윤가명 — 사례 진술서 요약"
DOCUMENT = b"%PDF-1.4 fictional case statement: Yun Gamyeong, 2026"


@pytest.fixture(autouse=True)
def keys(settings, tmp_path):
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_ENCRYPTED_FILES_DIR = str(tmp_path / "encrypted")
    return settings


def _raw_column(model, pk, column) -> str:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",  # noqa: S608 - quoted names from the model
            [pk],
        )
        return cursor.fetchone()[0]


def _sample() -> EncryptedSample:
    sample = EncryptedSample(label="sample", secret=SECRET)
    sample.document.save("statement.pdf", ContentFile(DOCUMENT), save=False)
    sample.save()
    return sample


def test_text_is_a_token_in_the_column_and_text_in_python():
    sample = _sample()
    raw = _raw_column(EncryptedSample, sample.pk, "secret")
    assert SECRET not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert field_decrypt(raw) == SECRET
    assert EncryptedSample.objects.get(pk=sample.pk).secret == SECRET
    sample.save()
    assert _raw_column(EncryptedSample, sample.pk, "secret") != raw  # a new token each save
    assert EncryptedSample.objects.create(secret="").secret == ""


def test_an_encrypted_column_cannot_be_searched():
    _sample()
    with pytest.raises(FieldError):
        list(EncryptedSample.objects.filter(secret=SECRET))
    with pytest.raises(FieldError):
        list(EncryptedSample.objects.filter(secret__icontains="윤"))
    assert EncryptedSample.objects.filter(secret__isnull=False).count() == 1


def test_file_bytes_on_disk_are_not_the_document():
    sample = _sample()
    path = Path(sample.document.path)
    assert path.is_relative_to(encrypted_files_dir())
    on_disk = path.read_bytes()
    assert DOCUMENT not in on_disk and b"Yun Gamyeong" not in on_disk
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with EncryptedSample.objects.get(pk=sample.pk).document.open() as handle:
        assert handle.read() == DOCUMENT
    with pytest.raises(ValueError):
        sample.document.url  # noqa: B018 - no address: nginx must have nothing to serve


def test_a_file_is_handed_out_only_with_permission(django_user_model):
    sample = _sample()
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.create_user("reader", password="x-pass-123")
    with pytest.raises(PermissionDenied):
        encrypted_file_response(request, sample.document, permission="giving.view_donortaxid")
    request.user.user_permissions.add(Permission.objects.get(codename="view_donortaxid"))
    request.user = django_user_model.objects.get(pk=request.user.pk)  # fresh permission cache
    response = encrypted_file_response(
        request, sample.document, permission="giving.view_donortaxid"
    )
    assert b"".join(response.streaming_content) == DOCUMENT
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]


def test_every_encrypted_column_registers_itself():
    labels = {column.label: column.kind for column in encrypted_columns()}
    assert labels["encrypted_sample.EncryptedSample.secret"] == "value"
    assert labels["encrypted_sample.EncryptedSample.document"] == "file"
    assert labels["giving.DonorTaxId.encrypted"] == "token"
    assert labels["giving.TaxIdSubmission.encrypted"] == "token"


def test_rotation_moves_fields_files_and_resident_numbers_to_the_new_key(keys):
    sample = _sample()
    donor = tax_id_store(
        supporter=Supporter.objects.create(name="가명 기부자"), raw="900101-1234567"
    )
    old_file = Path(sample.document.path).read_bytes()
    old_key = keys.CANDLE_FIELD_KEYS
    new_key = Fernet.generate_key().decode()
    keys.CANDLE_FIELD_KEYS = f"{new_key},{old_key}"
    out = io.StringIO()
    call_command("rotate_field_keys", "--batch-size", "1", stdout=out, stderr=io.StringIO())
    assert "encrypted_sample.EncryptedSample.secret: 1 re-encrypted" in out.getvalue()
    assert "giving.DonorTaxId.encrypted: 1 re-encrypted" in out.getvalue()

    keys.CANDLE_FIELD_KEYS = new_key  # the old key is gone: everything must still read
    assert EncryptedSample.objects.get(pk=sample.pk).secret == SECRET
    assert Path(sample.document.path).read_bytes() != old_file
    with EncryptedSample.objects.get(pk=sample.pk).document.open() as handle:
        assert handle.read() == DOCUMENT
    assert tax_id_decrypt(DonorTaxId.objects.get(pk=donor.pk).encrypted) == "9001011234567"


def test_rotation_works_in_batches_and_reports_progress():
    for _ in range(5):
        EncryptedSample.objects.create(secret=SECRET)
    seen = []
    counts = field_keys_rotate(
        batch_size=2,
        progress=lambda column, done, total: seen.append((column.label, done, total)),
        only={"encrypted_sample.EncryptedSample.secret"},
    )
    assert counts == {"encrypted_sample.EncryptedSample.secret": 5}
    assert [done for _label, done, _total in seen] == [2, 4, 5]


def test_rotation_without_the_old_key_stops_and_says_so(keys):
    _sample()
    keys.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()  # the old key lost
    with pytest.raises(FieldKeyError):
        field_keys_rotate(only={"encrypted_sample.EncryptedSample.document"})


def test_key_problems_refuse_missing_invalid_and_autocreated_keys(tmp_path):
    good = Fernet.generate_key().decode()
    assert field_key_problems(keys=good, key_file="", autocreate=False) == []
    assert field_key_problems(keys="", key_file=str(tmp_path / "none"), autocreate=False)
    assert field_key_problems(keys=good, key_file="", autocreate=True)
    problems = field_key_problems(keys="not-a-key-xyz", key_file="", autocreate=False)
    assert problems and "not-a-key-xyz" not in problems[0]
    key_file = tmp_path / "keys"
    key_file.write_text(f"# newest first\n{good}\n")
    key_file.chmod(0o644)
    assert "chmod 600" in field_key_problems(keys="", key_file=str(key_file), autocreate=False)[0]
    key_file.chmod(0o600)
    assert field_key_problems(keys="", key_file=str(key_file), autocreate=False) == []


def test_the_deploy_check_names_missing_keys(settings, tmp_path):
    settings.CANDLE_FIELD_KEYS = ""
    settings.CANDLE_FIELD_KEY_FILE = str(tmp_path / "absent")
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    ids = {problem.id for problem in run_checks(include_deployment_checks=True, tags=["core"])}
    assert "core.E001" in ids
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    ids = {problem.id for problem in run_checks(include_deployment_checks=True, tags=["core"])}
    assert "core.E001" not in ids
