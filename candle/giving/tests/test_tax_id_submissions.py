"""Issue 20, item 1: the anonymous donation form never replaces or fills in what is stored about
an existing donor. A resident registration number typed on it is kept on the gift; it becomes a
new donor's number once paid, and for an existing donor it waits for giving staff."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from candle.giving.models import DonorTaxId, Payment, TaxIdSubmission
from candle.giving.providers.test import TestProvider
from candle.giving.receipts import nts_rows, receipt_issue
from candle.giving.services import tax_id_store
from candle.giving.taxid import tax_id_decrypt
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db

VICTIM_NUMBER = "900101-1234567"
ATTACK_NUMBER = "010101-3000003"
URL = "/ko/give/donate/"


def form(page, **overrides):
    data = {
        "page_id": str(page.pk),
        "submission_token": timezone.now().strftime("%H%M%S%f") + "a" * 8,
        "frequency": "one_off",
        "preset": "30000",
        "amount_other": "",
        "name": "공격자",
        "email": "gamyeong.kim@supporters.example",
        "phone": "010-9999-0000",
        "receipt_requested": "on",
        "tax_id": ATTACK_NUMBER,
        "consent": "on",
    }
    data.update(overrides)
    return data


def stored_number(supporter) -> str:
    return tax_id_decrypt(DonorTaxId.objects.get(supporter=supporter).encrypted)


def pay(payment: Payment) -> None:
    TestProvider().checkout_complete(payment, approve=True)


@pytest.fixture
def victim(supporter, campaign, start_gift):
    """An existing donor with a stored number, no phone, a paid gift and this year's receipt."""
    tax_id_store(supporter=supporter, raw=VICTIM_NUMBER)
    pay(start_gift(campaign, amount="50000", receipt_requested=True))
    receipt_issue(supporter=supporter, year=timezone.localdate().year)
    assert supporter.phone == ""
    return supporter


def test_the_attack_from_the_issue_changes_nothing_stored(client, campaign, victim):
    nts_before = nts_rows(year=timezone.localdate().year)
    response = client.post(URL, form(campaign))
    assert response.status_code == 302 and "/test-checkout/" in response["Location"]
    victim.refresh_from_db()
    assert stored_number(victim) == "9001011234567"
    assert victim.phone == "" and victim.name == "김가명"
    assert Supporter.objects.count() == 1
    # What the form said is kept on the gift, not on the person.
    payment = Payment.objects.get(status="pending")
    assert payment.given_phone == "010-9999-0000"
    given = payment.tax_id_submission
    assert given.status == "unpaid" and given.masked == "010101-3******"
    assert nts_rows(year=timezone.localdate().year) == nts_before
    assert "900101-1234567" in nts_before[0]


def test_a_paid_attack_waits_for_staff_and_the_receipt_keeps_the_confirmed_number(
    client, campaign, victim
):
    client.post(URL, form(campaign))
    pay(Payment.objects.get(status="pending"))
    given = TaxIdSubmission.objects.get(status="pending")
    assert given.supporter_id == victim.pk
    assert stored_number(victim) == "9001011234567"
    receipt = receipt_issue(supporter=victim, year=timezone.localdate().year)
    assert receipt.masked_tax_id() == "900101-1******"
    assert nts_rows(year=timezone.localdate().year)[0][2] == "900101-1234567"


def test_the_same_number_again_is_not_a_change(client, campaign, victim):
    client.post(URL, form(campaign, tax_id=VICTIM_NUMBER))
    pay(Payment.objects.get(status="pending"))
    assert TaxIdSubmission.objects.get().status == "same"
    assert not TaxIdSubmission.objects.filter(status="pending").exists()


@pytest.fixture
def staff(django_user_model):
    def make(*perms):
        user = django_user_model.objects.create_user(
            f"staff{len(perms)}", password="x" * 12, is_staff=True
        )
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in perms:
            user.user_permissions.add(Permission.objects.get(codename=codename))
        return user

    return make


@pytest.fixture
def pending(client, campaign, victim):
    client.post(URL, form(campaign))
    pay(Payment.objects.get(status="pending"))
    client.logout()
    return TaxIdSubmission.objects.get(status="pending")


def test_staff_accept_replaces_the_stored_number(client, staff, victim, pending, caplog):
    client.force_login(staff("change_donortaxid"))
    listing = client.get("/admin/giving/tax-id-changes/")
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "010101-3******" in html and "900101-1******" in html and "3000003" not in html
    with caplog.at_level("INFO", logger="candle.giving.services"):
        response = client.post(f"/admin/giving/tax-id-changes/{pending.pk}/", {"action": "accept"})
    assert response.status_code == 302
    assert stored_number(victim) == "0101013000003"
    pending.refresh_from_db()
    assert pending.status == "accepted" and pending.decided_by == "staff1"
    assert any("accepted" in r.getMessage() for r in caplog.records)
    assert not any("3000003" in r.getMessage() for r in caplog.records)
    assert nts_rows(year=timezone.localdate().year)[0][2] == "010101-3000003"
    # A second press changes nothing.
    client.post(f"/admin/giving/tax-id-changes/{pending.pk}/", {"action": "reject"})
    pending.refresh_from_db()
    assert pending.status == "accepted"


def test_staff_reject_keeps_the_stored_number(client, staff, victim, pending):
    client.force_login(staff("change_donortaxid"))
    client.post(f"/admin/giving/tax-id-changes/{pending.pk}/", {"action": "reject"})
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert stored_number(victim) == "9001011234567"


@pytest.mark.parametrize("perms", [(), ("view_donation",), ("view_donortaxid",)])
def test_accepting_needs_the_giving_permission(client, staff, victim, pending, perms):
    client.force_login(staff(*perms))
    assert client.get("/admin/giving/tax-id-changes/").status_code in (302, 403)
    response = client.post(f"/admin/giving/tax-id-changes/{pending.pk}/", {"action": "accept"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert stored_number(victim) == "9001011234567"


def test_anonymous_visitors_cannot_accept(client, victim, pending):
    response = client.post(f"/admin/giving/tax-id-changes/{pending.pk}/", {"action": "accept"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_new_donors_number_reaches_their_receipt_once_paid(client, campaign):
    response = client.post(
        URL, form(campaign, email="new.donor@supporters.example", tax_id=VICTIM_NUMBER)
    )
    assert response.status_code == 302
    donor = Supporter.objects.get(email="new.donor@supporters.example")
    assert donor.phone == "010-9999-0000"  # a new record holds what its own form gave
    assert not DonorTaxId.objects.exists()  # nothing until the gift is paid
    pay(Payment.objects.get())
    assert stored_number(donor) == "9001011234567"
    assert TaxIdSubmission.objects.get().status == "accepted"
    receipt = receipt_issue(supporter=donor, year=timezone.localdate().year)
    assert receipt.masked_tax_id() == "900101-1******"
    assert nts_rows(year=timezone.localdate().year)[0][2] == "900101-1234567"


def test_an_unpaid_new_donor_keeps_no_number(client, campaign):
    client.post(URL, form(campaign, email="new.donor@supporters.example"))
    TestProvider().checkout_complete(Payment.objects.get(), approve=False)
    assert not DonorTaxId.objects.exists()
    assert TaxIdSubmission.objects.get().status == "unpaid"


def test_an_existing_donors_number_reaches_the_receipt_only_once_staff_accept_it(
    client, campaign, supporter, staff
):
    client.post(URL, form(campaign))
    pay(Payment.objects.get())
    assert not DonorTaxId.objects.exists()  # never filled in by the form
    submission = TaxIdSubmission.objects.get()
    assert submission.status == "pending"
    year = timezone.localdate().year
    receipt = receipt_issue(supporter=supporter, year=year)
    assert receipt.masked_tax_id() == ""  # a stranger could have typed it: nothing yet
    assert nts_rows(year=year)[0][2] == ""
    client.force_login(staff("change_donortaxid"))
    client.post(f"/admin/giving/tax-id-changes/{submission.pk}/", {"action": "accept"})
    assert receipt.masked_tax_id() == "010101-3******"
    assert nts_rows(year=year)[0][2] == "010101-3000003"


def test_forget_me_erases_numbers_and_phones_given_with_gifts(client, campaign, victim):
    from candle.supporters.services import supporter_anonymise

    client.post(URL, form(campaign))
    supporter_anonymise(supporter=victim)
    assert not TaxIdSubmission.objects.exists() and not DonorTaxId.objects.exists()
    assert not Payment.objects.exclude(given_phone="").exists()


def test_key_rotation_covers_numbers_given_with_gifts(client, campaign, settings):
    from cryptography.fernet import Fernet

    from candle.giving.services import tax_id_keys_rotate

    client.post(URL, form(campaign, email="new.donor@supporters.example"))
    old = settings.CANDLE_FIELD_KEYS
    settings.CANDLE_FIELD_KEYS = f"{Fernet.generate_key().decode()},{old}"
    assert tax_id_keys_rotate() == 1
    settings.CANDLE_FIELD_KEYS = settings.CANDLE_FIELD_KEYS.split(",")[0]
    assert tax_id_decrypt(TaxIdSubmission.objects.get().encrypted) == "0101013000003"


def test_retention_removes_what_an_unpaid_gift_was_given_with_and_keeps_the_paid(
    client, campaign, victim
):
    """A gift never paid holds a resident and a phone number for no purpose: `apply_retention`
    removes them once the payment has had its time to arrive, and nothing of a paid gift."""
    from datetime import timedelta

    from candle.supporters.retention import retention_apply

    client.post(URL, form(campaign))
    client.post(URL, form(campaign, tax_id="020202-4000004", phone="010-1111-2222"))
    paid = Payment.objects.filter(status="pending").order_by("created_at").last()
    pay(paid)
    unpaid = Payment.objects.get(status="pending")
    soon = timezone.now() + timedelta(days=13)
    assert retention_apply(now=soon).swept == 0  # a transfer may still arrive
    later = timezone.now() + timedelta(days=15)
    report = retention_apply(now=later, dry_run=True)
    assert report.swept == 2 and TaxIdSubmission.objects.filter(payment=unpaid).exists()
    assert retention_apply(now=later).swept == 2
    unpaid.refresh_from_db()
    assert unpaid.given_phone == "" and not TaxIdSubmission.objects.filter(payment=unpaid).exists()
    paid.refresh_from_db()
    assert paid.given_phone == "010-1111-2222"
    assert paid.tax_id_submission.masked == "020202-4******"
    assert stored_number(victim) == "9001011234567"
    assert retention_apply(now=later).swept == 0
