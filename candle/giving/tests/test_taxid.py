import io
import logging

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command

from candle.giving.models import DonorTaxId
from candle.giving.services import tax_id_store
from candle.giving.taxid import TaxIdKeyError, tax_id_decrypt, tax_id_mask, tax_id_normalise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw", ["900101-1234567", "9001011234567", " 900101 - 1234567 ".replace(" ", "")]
)
def test_normalise_accepts(raw):
    assert tax_id_normalise(raw) == "9001011234567"
    assert tax_id_mask("9001011234567") == "900101-1******"


@pytest.mark.parametrize(
    "raw", ["", "12345", "900101-123456", "901332-1234567", "abcdef-1234567", "900101-12345678"]
)
def test_normalise_refuses_without_repeating_the_number(raw):
    with pytest.raises(ValidationError) as error:
        tax_id_normalise(raw)
    assert not raw or raw not in " ".join(error.value.messages)


def test_rotation_reencrypts_with_the_new_key(settings, supporter):
    old = settings.CANDLE_FIELD_KEYS
    record = tax_id_store(supporter=supporter, raw="900101-1234567")
    new = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEYS = f"{new},{old}"
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "giving.DonorTaxId.encrypted: 1 re-encrypted" in out.getvalue()
    record.refresh_from_db()
    settings.CANDLE_FIELD_KEYS = new  # old key removed
    assert tax_id_decrypt(record.encrypted) == "9001011234567"


def test_without_the_key_nothing_decrypts(settings, supporter):
    record = tax_id_store(supporter=supporter, raw="900101-1234567")
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    with pytest.raises(TaxIdKeyError) as error:
        tax_id_decrypt(record.encrypted)
    assert "1234567" not in str(error.value)


def test_missing_key_configuration_fails_loudly(settings, tmp_path, supporter):
    settings.CANDLE_FIELD_KEYS = ""
    settings.CANDLE_FIELD_KEY_FILE = str(tmp_path / "absent")
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    with pytest.raises(TaxIdKeyError):
        tax_id_store(supporter=supporter, raw="900101-1234567")


def test_key_file_is_created_private_when_allowed(settings, tmp_path, supporter):
    settings.CANDLE_FIELD_KEYS = ""
    settings.CANDLE_FIELD_KEY_FILE = str(tmp_path / "keys")
    settings.CANDLE_FIELD_KEY_AUTOCREATE = True
    tax_id_store(supporter=supporter, raw="900101-1234567")
    assert (tmp_path / "keys").stat().st_mode & 0o077 == 0


def test_number_is_never_logged(caplog, campaign, start_gift):
    caplog.set_level(logging.DEBUG)
    from candle.giving.providers.test import TestProvider

    payment = start_gift(campaign, receipt_requested=True, tax_id="900101-1234567")
    TestProvider().checkout_complete(payment, approve=True)  # stored once paid
    assert DonorTaxId.objects.count() == 1
    assert "1234567" not in caplog.text and "9001011234567" not in caplog.text


def test_admin_never_shows_the_full_number(admin_client, supporter, campaign):
    tax_id_store(supporter=supporter, raw="900101-1234567")
    from decimal import Decimal

    from django.utils import timezone

    from candle.giving.services import donation_record_offline

    donation_record_offline(
        supporter=supporter,
        amount=Decimal("10000"),
        currency="KRW",
        method="card",
        received_at=timezone.now(),
        source_ref="adm",
        receipt_requested=True,
    )
    for url in [
        "/admin/giving/",
        "/admin/giving/export/donations.csv",
        "/admin/giving/export/totals.csv",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert b"1234567" not in response.content
