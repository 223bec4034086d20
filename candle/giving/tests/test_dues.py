"""Membership dues through giving: join → pay → membership active; bank lines with a dues reference."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from candle.giving.imports import statement_import
from candle.giving.models import Donation, Payment
from candle.giving.providers.test import TestProvider
from candle.supporters.factories import MembershipTypeFactory
from candle.supporters.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_type(db):
    return MembershipTypeFactory(
        name_ko="정회원", name_en="Regular member", dues=30000, period="yearly"
    )


@pytest.fixture
def free_type(db):
    return MembershipTypeFactory(
        name_ko="온라인회원", name_en="Online member", dues=0, sort_order=1
    )


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """The join form is rate limited (counts in the cache); each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def join(client, membership_type, lang="ko", email="join@supporters.example"):
    """Join, then follow the confirmation link mailed to the address (nothing is recorded
    before); returns the confirmation's response, which hands over to the dues page."""
    import re

    from django.test import TestCase

    from candle.supporters.forms import JoinForm  # the join form's own field names

    assert "membership_type" in JoinForm.base_fields
    before = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"/{lang}/supporters/join/",
            {
                "kind": "person",
                "name": "김가명",
                "email": email,
                "phone": "",
                "membership_type": membership_type.pk,
                "consent_membership": "on",
            },
        )
    assert response.status_code == 302 and response["Location"].endswith("/supporters/join/sent/")
    assert not Membership.objects.filter(supporter__email=email).exists()
    link = re.search(r"http://testserver(/\S+)", mail.outbox[before].body).group(1)
    return client.post(link)


def test_join_hands_over_to_dues_and_payment_activates_the_membership(
    client, paid_type, django_capture_on_commit_callbacks
):
    response = join(client, paid_type)
    assert response.status_code == 302 and "/ko/give/dues/" in response["Location"]
    membership = Membership.objects.get()
    assert membership.status == "pending" and membership.dues_reference.startswith("CDM")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "30,000원" in page.content.decode()
    token = page.context["submission_token"]
    checkout = client.post(response["Location"], {"submission_token": token})
    assert checkout.status_code == 302 and "/test-checkout/" in checkout["Location"]
    again = client.post(response["Location"], {"submission_token": token})  # double submit
    assert again.status_code == 302 and Payment.objects.count() == 1
    payment = Payment.objects.get()
    assert (payment.purpose, payment.amount, payment.membership_id) == (
        "dues",
        30000,
        membership.pk,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        TestProvider().checkout_complete(payment, approve=True)
    donation = Donation.objects.get()
    assert donation.purpose == "dues"
    membership.refresh_from_db()
    assert membership.status == "active"
    renews_on = membership.renews_on
    assert renews_on and renews_on.year == timezone.localdate().year + 1
    assert len(mail.outbox) == 1 and "회비" in mail.outbox[0].body
    # The provider sends the news again under a new id: one gift, the renewal does not move twice.
    with django_capture_on_commit_callbacks(execute=True):
        TestProvider().checkout_complete(payment, approve=True)
    membership.refresh_from_db()
    assert Donation.objects.count() == 1 and membership.renews_on == renews_on


def test_free_membership_goes_to_the_thank_you_page(client, free_type):
    response = join(client, free_type, lang="en")
    assert response.status_code == 302 and response["Location"].endswith(
        "/en/supporters/join/thanks/"
    )


def test_forged_or_tampered_dues_link_records_nothing(client, paid_type):
    response = join(client, paid_type)
    url = response["Location"]
    for bad in [
        "/ko/give/dues/forged/",
        url.rstrip("/") + "x/",
        "/ko/give/dues/" + "a" * 400 + "/",
    ]:
        page = client.post(bad, {"submission_token": "t"})
        assert page.status_code == 400 and "유효하지 않" in page.content.decode()
    assert not Payment.objects.exists()


def test_cancelled_membership_cannot_be_paid(client, paid_type):
    from candle.supporters.membership import membership_cancel

    url = join(client, paid_type)["Location"]
    membership_cancel(membership=Membership.objects.get())
    page = client.post(url, {"submission_token": "t1"})
    assert page.status_code == 400 and not Payment.objects.exists()


def test_bank_line_with_the_dues_reference_renews_the_membership(client, paid_type):
    join(client, paid_type)
    membership = Membership.objects.get()
    day = timezone.localdate() - dt.timedelta(days=1)
    csv_text = (
        "거래일시,입금자,입금액,메모,잔액\n"
        f"{day:%Y-%m-%d} 10:00,김가명,30000,{membership.dues_reference.lower()},100000\n"
    )
    result = statement_import(source="bank", data=csv_text.encode("cp949"), dry_run=False)
    assert result.matched == 1
    donation = Donation.objects.get()
    assert (donation.purpose, donation.method, donation.supporter_id) == (
        "dues",
        "bank_transfer",
        membership.supporter_id,
    )
    membership.refresh_from_db()
    assert membership.status == "active" and membership.renews_on.year == day.year + 1
    renews_on = membership.renews_on
    statement_import(source="bank", data=csv_text.encode("cp949"), dry_run=False)  # same file again
    membership.refresh_from_db()
    assert Donation.objects.count() == 1 and membership.renews_on == renews_on


@pytest.mark.parametrize(
    ("lang", "heading", "received", "not_wanted"),
    [
        ("ko", "회비를 내 주셔서 감사합니다", "회비 30,000원을 받았습니다", "후원"),
        (
            "en",
            "Thank you for your membership dues",
            "We have received your membership dues of ₩30,000",
            "gift",
        ),
    ],
)
def test_dues_thank_you_page_and_mail_thank_for_the_dues(
    client, paid_type, django_capture_on_commit_callbacks, lang, heading, received, not_wanted
):
    from candle.supporters.models import Supporter

    url = join(client, paid_type, lang=lang)["Location"]
    page = client.get(url)
    client.post(url, {"submission_token": page.context["submission_token"]})
    payment = Payment.objects.get()
    Supporter.objects.update(preferred_language=lang)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        TestProvider().checkout_complete(payment, approve=True)
    html = client.get(f"/{lang}/give/thanks/{payment.pk}/").content.decode()
    main = html[html.index('class="wrap narrow thanks"') :]
    main = main[: main.index("</div>")]
    assert heading in main and received in main
    assert not_wanted not in main.lower()
    assert mail.outbox[0].subject == heading
