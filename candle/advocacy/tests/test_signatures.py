"""The signing services: a signature as typed, counted after its link (or at once on single
opt-in), one per address per appeal, linked to a person never overwritten, forget-me."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from candle.advocacy.appeals import appeal_count
from candle.advocacy.forms import newsletter_consent_text, signature_consent_text
from candle.advocacy.models import Signature
from candle.advocacy.signatures import (
    signature_confirm,
    signature_create,
    signature_link_send,
    signatures_forget,
)
from candle.supporters.models import Consent, Supporter
from candle.supporters.services import supporter_anonymise, supporter_get_or_create

pytestmark = pytest.mark.django_db


def _sign(appeal, **overrides):
    values = {
        "appeal": appeal,
        "name": "홍길동예시",
        "email": "Hong.Example@Example.org ",
        "country": "KR",
        "comment": "",
        "language": "ko",
        "consent_text": signature_consent_text(),
        "newsletter": False,
        "newsletter_text": newsletter_consent_text(),
    }
    values.update(overrides)
    return signature_create(**values)


def _token_from_mail(message) -> str:
    return re.search(r"/advocacy/appeals/confirm/([^/\s]+)/", message.body).group(1)


def _fresh_count(appeal):
    from django.core.cache import cache

    cache.clear()
    return appeal_count(appeal_key=appeal.translation_key)


def test_double_opt_in_counts_after_the_link(appeal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = _sign(appeal, newsletter=True)
    assert result.created
    signature = Signature.objects.get()
    assert not signature.counted and signature.supporter is None
    assert signature.email_normalised == "hong.example@example.org"
    assert _fresh_count(appeal) == 0
    assert len(mail.outbox) == 1
    assert not Supporter.objects.exists()  # nothing attached before the link
    token = _token_from_mail(mail.outbox[0])
    confirmed = signature_confirm(token=token)
    assert confirmed.counted and not confirmed.already
    signature.refresh_from_db()
    assert signature.counted and signature.confirmed_at and signature.supporter
    assert _fresh_count(appeal) == 1
    consent = Consent.objects.get(supporter=signature.supporter)
    assert consent.purpose == Consent.Purpose.NEWSLETTER
    assert consent.text == newsletter_consent_text()
    again = signature_confirm(token=token)
    assert again.already
    assert Consent.objects.count() == 1 and Supporter.objects.count() == 1


def test_single_opt_in_counts_at_once(homes, django_capture_on_commit_callbacks):
    from .conftest import appeal_make

    appeal = appeal_make(homes["ko"], opt_in="single", slug="single")
    with django_capture_on_commit_callbacks(execute=True):
        _sign(appeal)
    assert _fresh_count(appeal) == 1
    assert len(mail.outbox) == 1  # still mailed: the link links the person


def test_a_second_signature_changes_nothing_in_any_language(appeal, appeal_en):
    first = _sign(appeal, comment="첫 의견")
    second = _sign(appeal_en, email="hong.example@EXAMPLE.org", name="Other", language="en")
    assert not second.created
    assert second.signature.pk == first.signature.pk
    assert Signature.objects.count() == 1
    row = Signature.objects.get()
    assert row.name == "홍길동예시" and row.comment == "첫 의견"


def test_an_existing_supporter_is_never_overwritten(appeal, django_capture_on_commit_callbacks):
    person = supporter_get_or_create(
        email="hong.example@example.org", name="원래 이름", locale="ko"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _sign(appeal, name="다른 이름")
    signature_confirm(token=_token_from_mail(mail.outbox[0]))
    person.refresh_from_db()
    assert person.name == "원래 이름"
    assert Signature.objects.get().supporter == person
    assert Signature.objects.get().name == "다른 이름"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "\u200b\u0000 "),
        ("name", "가" * 201),
        ("email", "not-an-address"),
        ("email", "a@b.c\r\nBcc: x@y.z"),
        ("country", "XX"),
        ("country", "kr"),
        ("comment", "가" * 1001),
        ("consent_text", ""),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(appeal, field, value):
    with pytest.raises(ValidationError):
        _sign(appeal, **{field: value})
    assert not Signature.objects.exists()


def test_control_characters_are_dropped(appeal):
    result = _sign(appeal, name="홍\u202e길동\x07예시", comment="줄\n바꿈\x00")
    assert result.signature.name == "홍길동예시"
    assert result.signature.comment == "줄\n바꿈"


def test_a_closed_appeal_takes_no_signature(homes):
    from .conftest import appeal_make

    closed = appeal_make(homes["ko"], status="closed", slug="closed")
    with pytest.raises(ValidationError):
        _sign(closed)
    assert not Signature.objects.exists()


def test_the_link_is_sent_once(appeal):
    result = _sign(appeal)
    mail.outbox.clear()
    assert signature_link_send(signature_id=result.signature.pk)
    assert not signature_link_send(signature_id=result.signature.pk)
    assert len(mail.outbox) == 1


def test_unknown_and_hostile_tokens(appeal):
    for token in ("", "x", "a" * 500, "../../etc", "\x00"):
        assert signature_confirm(token=token) is None


def test_forget_me_blanks_the_signature_and_keeps_the_count(
    appeal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign(appeal, comment="의견")
    signature_confirm(token=_token_from_mail(mail.outbox[0]))
    supporter = Signature.objects.get().supporter
    supporter_anonymise(supporter=supporter)
    row = Signature.objects.get()
    assert row.name == row.email == row.email_normalised == row.comment == ""
    assert row.forgotten_at and row.counted and row.country == "KR"
    assert _fresh_count(appeal) == 1
    assert signatures_forget(supporter=supporter) == 0  # nothing left to forget
