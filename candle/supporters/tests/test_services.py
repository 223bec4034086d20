import pytest
from django.core.exceptions import ValidationError

from candle.supporters.factories import MembershipFactory, SupporterFactory
from candle.supporters.models import AccessLink, Consent, Membership, Supporter, SupporterMerge
from candle.supporters.normalise import phone_normalise
from candle.supporters.services import (
    consent_record,
    consent_withdraw,
    supporter_anonymise,
    supporter_get_or_create,
    supporter_merge,
    supporter_update_details,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    [
        "010-1234-5678",
        "01012345678",
        "+82 10-1234-5678",
        "+82 (0)10 1234 5678",
        "0082 10 1234 5678",
        " 010.1234.5678 ",
    ],
)
def test_korean_phone_numbers_normalise_to_one_form(raw):
    assert phone_normalise(raw) == "01012345678"


def test_foreign_numbers_keep_their_country_code():
    assert phone_normalise("+1 (202) 555-0100") == "+12025550100"


def test_get_or_create_finds_the_same_person_by_email_in_any_case():
    first = supporter_get_or_create(email="Jane@Example.example", name="Jane Example", locale="en")
    again = supporter_get_or_create(email=" jane@example.example ", name="J. Example", locale="ko")
    assert first.pk == again.pk
    assert Supporter.objects.count() == 1
    again.refresh_from_db()
    assert again.name == "Jane Example"  # a form never overwrites what we know
    assert again.preferred_language == "en"


def test_get_or_create_never_fills_in_or_changes_an_existing_persons_phone():
    """Issue 20, item 1: the forms calling this are anonymous; typing someone's e-mail address
    must not write to their record, not even an empty field."""
    person = supporter_get_or_create(email="a@candle.example", name="김가명", locale="ko")
    assert person.just_created is True
    again = supporter_get_or_create(
        email="a@candle.example", name="김가명", locale="ko", phone="010-1111-2222"
    )
    assert again.pk == person.pk and again.just_created is False
    person.refresh_from_db()
    assert person.phone == ""


def test_get_or_create_without_email_keys_on_the_phone():
    one = supporter_get_or_create(email="", name="박가명", locale="ko", phone="010-2222-3333")
    two = supporter_get_or_create(email="", name="박가명", locale="ko", phone="+82 10 2222 3333")
    assert one.pk == two.pk


def test_get_or_create_makes_organisations():
    org = supporter_get_or_create(
        email="office@ngo.example", name="가명재단", locale="ko", kind="organisation"
    )
    assert org.kind == Supporter.Kind.ORGANISATION


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"email": "not-an-email", "name": "김가명"}, "email_invalid"),
        ({"email": "a@candle.example", "name": "   "}, "name_required"),
        ({"email": "a@candle.example", "name": "가" * 201}, "name_too_long"),
        ({"email": "", "name": "김가명"}, "contact_required"),
        ({"email": "a@candle.example", "name": "김가명", "phone": "12"}, "phone_invalid"),
        ({"email": "a@candle.example", "name": "김가명", "phone": "1" * 41}, "phone_invalid"),
        ({"email": "a@candle.example", "name": "김가명", "kind": "robot"}, "kind_invalid"),
    ],
)
def test_get_or_create_rejects_bad_input_and_records_nothing(kwargs, code):
    with pytest.raises(ValidationError) as error:
        supporter_get_or_create(locale="ko", **kwargs)
    assert error.value.code == code
    assert Supporter.objects.count() == 0


def test_validation_messages_are_translated():
    from django.utils import translation

    with translation.override("ko"), pytest.raises(ValidationError) as error:
        supporter_get_or_create(email="nope", name="김가명", locale="ko")
    assert "이메일" in error.value.messages[0]


def test_consent_record_keeps_the_exact_text_and_marks_required_purposes(supporter):
    text = "[필수] 회원 관리를 위한 개인정보 수집·이용에 동의합니다."
    consent = consent_record(
        supporter=supporter,
        purpose="membership",
        text=text,
        method="web_form",
        source="/ko/supporters/join/",
    )
    assert consent.text == text
    assert consent.required is True
    assert consent.is_active
    newsletter = consent_record(
        supporter=supporter, purpose="newsletter", text="소식지", method="paper"
    )
    assert newsletter.required is False


@pytest.mark.parametrize(
    ("purpose", "text", "method"),
    [
        ("marketing_spam", "x", "web_form"),
        ("newsletter", "", "web_form"),
        ("newsletter", "x", "carrier_pigeon"),
    ],
)
def test_consent_record_rejects_unknown_purposes_methods_and_empty_text(
    supporter, purpose, text, method
):
    with pytest.raises(ValidationError):
        consent_record(supporter=supporter, purpose=purpose, text=text, method=method)
    assert Consent.objects.count() == 0


def test_consent_withdraw_is_idempotent(supporter):
    consent = consent_record(
        supporter=supporter, purpose="newsletter", text="소식지", method="web_form"
    )
    first = consent_withdraw(consent=consent).withdrawn_at
    assert first is not None
    assert consent_withdraw(consent=consent).withdrawn_at == first
    assert Consent.objects.filter(pk=consent.pk).exists()  # the record stays


def test_update_details_validates_and_saves_but_never_changes_the_email(supporter):
    with pytest.raises(ValidationError):
        supporter_update_details(supporter=supporter, name="김가명", phone="12")
    supporter.refresh_from_db()
    assert supporter.phone == "010-1234-5678"
    supporter_update_details(
        supporter=supporter, name="김가명", phone="", preferred_language="en", address="서울"
    )
    supporter.refresh_from_db()
    assert (supporter.phone, supporter.preferred_language, supporter.address) == ("", "en", "서울")
    assert supporter.email == "gamyeong@candle.example"
    with pytest.raises(TypeError):  # a new address goes through confirmations only
        supporter_update_details(supporter=supporter, name="김가명", email="x@candle.example")


# --- merge -----------------------------------------------------------------------------------


def test_merge_moves_every_related_row_and_loses_nothing(supporter, paid_type):
    duplicate = SupporterFactory(
        name="김 가명",
        email="",
        phone="+82 10 1234 5678",
        address="서울 가명구 1",
        notes="전화로 후원 문의",
    )
    supporter.tags.add("정기후원")
    duplicate.tags.add("정기후원", "행사참가")
    consent_record(supporter=duplicate, purpose="newsletter", text="소식지", method="paper")
    MembershipFactory(
        supporter=duplicate, membership_type=paid_type, status=Membership.Status.LAPSED
    )
    AccessLink.objects.create(
        supporter=duplicate, token_hash="x" * 64, expires_at="2030-01-01T00:00Z"
    )
    dup_pk = duplicate.pk

    record = supporter_merge(kept=supporter, duplicate=duplicate)

    assert not Supporter.objects.filter(pk=dup_pk).exists()
    supporter.refresh_from_db()
    assert supporter.consents.count() == 1
    assert supporter.memberships.count() == 1
    assert supporter.access_links.count() == 1
    assert sorted(supporter.tags.names()) == ["정기후원", "행사참가"]
    assert supporter.address == "서울 가명구 1"  # empty field filled
    assert "전화로 후원 문의" in supporter.notes
    assert record.snapshot["name"] == "김 가명"
    assert record.snapshot["phone"] == "+82 10 1234 5678"
    assert record.moved["supporters.Consent"] == 1
    assert SupporterMerge.objects.get().kept == supporter


def test_merge_keeps_one_current_membership(supporter, paid_type, free_type):
    duplicate = SupporterFactory(email="gamyeong@candle.example")
    MembershipFactory(supporter=supporter, membership_type=free_type, status="pending")
    MembershipFactory(
        supporter=duplicate, membership_type=paid_type, status="active", renews_on="2030-01-01"
    )
    supporter_merge(kept=supporter, duplicate=duplicate)
    statuses = sorted(supporter.memberships.values_list("status", flat=True))
    assert statuses == ["active", "cancelled"]


def test_merge_keeps_differing_contact_details_in_notes(supporter):
    duplicate = SupporterFactory(email="other@candle.example", phone="010-1234-5678")
    supporter_merge(kept=supporter, duplicate=duplicate)
    supporter.refresh_from_db()
    assert "other@candle.example" in supporter.notes
    assert supporter.email == "gamyeong@candle.example"


def test_merge_runs_registered_hooks(supporter, monkeypatch):
    from candle.supporters import registry

    calls = []

    def hook(*, kept, duplicate):
        calls.append((kept.pk, duplicate.pk))

    monkeypatch.setattr(registry, "_merge_hooks", [*registry._merge_hooks, hook])
    duplicate = SupporterFactory()
    supporter_merge(kept=supporter, duplicate=duplicate)
    assert calls == [(supporter.pk, duplicate.pk)]


def test_merge_refuses_self_and_anonymised(supporter):
    with pytest.raises(ValidationError):
        supporter_merge(kept=supporter, duplicate=supporter)
    gone = supporter_anonymise(supporter=SupporterFactory())
    with pytest.raises(ValidationError):
        supporter_merge(kept=supporter, duplicate=gone)
    assert Supporter.objects.filter(pk=gone.pk).exists()


# --- forget me -------------------------------------------------------------------------------


def test_anonymise_erases_the_person_and_keeps_the_row(supporter, paid_type):
    supporter.tags.add("고액후원")
    supporter.notes = "메모"
    supporter.save()
    consent_record(supporter=supporter, purpose="newsletter", text="소식지", method="web_form")
    MembershipFactory(supporter=supporter, membership_type=paid_type)
    AccessLink.objects.create(
        supporter=supporter, token_hash="y" * 64, expires_at="2030-01-01T00:00Z"
    )

    supporter_anonymise(supporter=supporter)

    supporter.refresh_from_db()
    assert supporter.is_anonymised
    assert "김가명" not in supporter.name
    assert (supporter.email, supporter.phone, supporter.address, supporter.notes) == (
        "",
        "",
        "",
        "",
    )
    assert (supporter.email_normalised, supporter.phone_normalised) == ("", "")
    assert list(supporter.tags.names()) == []
    assert supporter.consents.get().withdrawn_at is not None
    assert supporter.memberships.get().status == Membership.Status.CANCELLED
    assert not AccessLink.objects.exists()


def test_anonymise_scrubs_the_admin_history(supporter):
    from wagtail.log_actions import log

    log(instance=supporter, action="wagtail.edit")
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.get().label == "김가명"
    supporter_anonymise(supporter=supporter)
    assert ModelLogEntry.objects.get().label == f"anonymised-{supporter.pk}"


def test_anonymise_twice_changes_nothing(supporter):
    first = supporter_anonymise(supporter=supporter).anonymised_at
    assert supporter_anonymise(supporter=supporter).anonymised_at == first


def test_an_anonymised_email_makes_a_new_supporter(supporter):
    supporter_anonymise(supporter=supporter)
    again = supporter_get_or_create(email="gamyeong@candle.example", name="김가명", locale="ko")
    assert again.pk != supporter.pk


# --- Issue 20, item 7: control characters never reach a stored name --------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("a\x1b[31mb\x07", "a[31mb"),
        ("김\x00가명", "김가명"),
        ("\u202e김가명\u202c", "김가명"),  # bidi override
        ("Jane\tvan\nDoe", "Jane van Doe"),
        ("\ufeffJane\u200b Doe", "Jane Doe"),
        ("김가명", "김가명"),
        ("Zoë Ñúñez-O'Brien 李小龍", "Zoë Ñúñez-O'Brien 李小龍"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # the zero-width non-joiner Persian needs stays
    ],
)
def test_names_are_stored_without_control_characters(typed, stored):
    person = supporter_get_or_create(email="ctl@candle.example", name=typed, locale="ko")
    person.refresh_from_db()
    assert person.name == stored


def test_a_name_of_only_control_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        supporter_get_or_create(email="ctl@candle.example", name="\x1b\x07\u200b", locale="ko")
    assert error.value.code == "name_required"


def test_phone_control_characters_are_dropped():
    person = supporter_get_or_create(
        email="ctl@candle.example", name="김가명", locale="ko", phone="010\x1b-1234\x07-5678"
    )
    person.refresh_from_db()
    assert person.phone == "010-1234-5678"
