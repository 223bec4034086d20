"""Read-only staff lists of donations, pledges, payments, receipts and webhook events."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone, translation

from candle.giving.models import Pledge, Receipt
from candle.giving.providers.test import TestProvider
from candle.giving.services import donation_record_offline, tax_id_store

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/giving_donations/",
    "/admin/giving_pledges/",
    "/admin/giving_payments/",
    "/admin/giving_receipts_list/",
    "/admin/giving_webhooks/",
]


@pytest.fixture
def books(campaign, start_gift, supporter, django_capture_on_commit_callbacks):
    payment = start_gift(campaign, frequency="monthly", amount="20000")
    with django_capture_on_commit_callbacks(execute=True):
        TestProvider().checkout_complete(payment, approve=True)
    donation_record_offline(
        supporter=supporter,
        amount=Decimal("70000"),
        currency="KRW",
        method="bank_transfer",
        received_at=timezone.now().replace(year=2024),
        source_ref="bank:old",
    )
    tax_id_store(supporter=supporter, raw="900101-1234568")
    Receipt.objects.create(
        supporter=supporter,
        year=2024,
        serial=1,
        number="2024-000001",
        donor_name="김가명",
        total=Decimal("70000"),
        issued_at=timezone.now(),
    )
    mail.outbox.clear()
    return Pledge.objects.get()


def staff(django_user_model, *codenames):
    user = django_user_model.objects.create_user(
        "staff-" + "-".join(codenames or ("none",)), password="x" * 12, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="giving")
        )
    return user


def test_lists_show_rows_and_no_add_edit_or_delete(admin_client, books):
    for url in LISTS:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "new/" not in response.content.decode()
    html = admin_client.get(LISTS[0]).content.decode()
    assert "김가명" in html and "70000" in html.replace(",", "")
    for url in [
        "/admin/giving_donations/new/",
        "/admin/giving_donations/edit/1/",
        "/admin/giving_donations/delete/1/",
        "/admin/giving_pledges/edit/1/",
    ]:
        assert admin_client.get(url, follow=True).status_code == 404, url


def test_filters_and_search(admin_client, books, campaign):
    def rows(response):
        assert response.status_code == 200
        return len(response.context["object_list"])

    assert rows(admin_client.get(LISTS[0], {"method": "bank_transfer"})) == 1
    assert rows(admin_client.get(LISTS[0], {"method": "card"})) == 1
    assert rows(admin_client.get(LISTS[0], {"year": "2024"})) == 1
    assert rows(admin_client.get(LISTS[0], {"campaign": campaign.pk})) == 1
    assert rows(admin_client.get(LISTS[0], {"status": "refunded"})) == 0
    assert rows(admin_client.get(LISTS[0], {"q": "gamyeong.kim@supporters"})) == 2
    assert rows(admin_client.get(LISTS[0], {"q": "nobody@else.example"})) == 0
    assert rows(admin_client.get(LISTS[1], {"q": "김가명", "status": "active"})) == 1


def test_resident_numbers_only_masked(admin_client, books):
    receipt = Receipt.objects.get()
    for url in [LISTS[3], f"/admin/giving_receipts_list/inspect/{receipt.pk}/"]:
        html = admin_client.get(url).content.decode()
        assert "900101-1******" in html and "1234568" not in html, url


def test_inspect_pages_open_and_never_show_the_billing_key(admin_client, books):
    pledge = books
    html = admin_client.get(f"/admin/giving_pledges/inspect/{pledge.pk}/").content.decode()
    assert pledge.reference in html and pledge.billing_key not in html
    assert "Cancel this monthly pledge" in html or "정기후원 약정 해지" in html


def test_staff_without_view_donation_are_refused(client, django_user_model, books):
    client.force_login(staff(django_user_model))
    for url in [*LISTS, f"/admin/giving_pledges/inspect/{books.pk}/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "김가명" not in response.content.decode()
    assert client.post(f"/admin/giving_pledges/cancel/{books.pk}/").status_code in (302, 403)
    books.refresh_from_db()
    assert books.status == "active"


def test_cancel_needs_change_pledge(
    client, django_user_model, books, django_capture_on_commit_callbacks
):
    viewer = staff(django_user_model, "view_donation")
    client.force_login(viewer)
    assert client.get(LISTS[1]).status_code == 200
    html = client.get(f"/admin/giving_pledges/inspect/{books.pk}/").content.decode()
    assert f"/admin/giving_pledges/cancel/{books.pk}/" not in html
    assert client.post(f"/admin/giving_pledges/cancel/{books.pk}/").status_code in (302, 403)
    books.refresh_from_db()
    assert books.status == "active"

    manager = staff(django_user_model, "view_donation", "change_pledge")
    client.force_login(manager)
    assert client.get(f"/admin/giving_pledges/cancel/{books.pk}/").status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/giving_pledges/cancel/{books.pk}/")
    assert response.status_code == 302
    books.refresh_from_db()
    assert books.status == "cancelled" and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/giving_pledges/cancel/{books.pk}/")  # a double press
    assert len(mail.outbox) == 1
    forged = client.post("/admin/giving_pledges/cancel/987654/", follow=True)
    assert forged.status_code in (
        404,
        405,
    )  # Http404 (after the locale middleware's redirect), never a 500


def test_amounts_are_money_and_methods_and_providers_names(admin_client, books):
    """Issue 21: amounts as 50,000원 / $50.00, not 70000.00 KRW; methods and providers by
    name, not code, in the listings and inspect views (the admin speaks Korean here)."""
    from candle.giving.models import Donation, Payment

    with translation.override("ko"):
        donations = admin_client.get(LISTS[0]).content.decode()
        assert "70,000원" in donations and "20,000원" in donations
        assert "70000.00" not in donations and "bank_transfer" not in donations.split("<tbody")[1]
        payments = admin_client.get(LISTS[2]).content.decode()
        assert "20,000원" in payments
        assert ">test<" not in payments.replace(" ", "").replace("\n", "")
        donation = Donation.objects.get(source_ref="bank:old")
        inspect = admin_client.get(f"/admin/giving_donations/inspect/{donation.pk}/")
        assert "70,000원" in inspect.content.decode()
        payment = Payment.objects.get()
        inspect = admin_client.get(f"/admin/giving_payments/inspect/{payment.pk}/")
        assert "20,000원" in inspect.content.decode()
        receipts = admin_client.get(LISTS[3]).content.decode()
        assert "70,000원" in receipts
    assert Payment.objects.get().get_provider_display() != "test"


def test_amounts_are_shown_as_money_in_their_currency(admin_client, books):
    """50,000원 / $50.00, not a bare 70000.00 beside a currency column."""
    for url in (LISTS[0], LISTS[1], LISTS[2]):
        html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
        assert "20,000원" in html, url
        assert "20000.00" not in html, url
    assert "70,000원" in admin_client.get(LISTS[0]).content.decode()
