"""A donor stops their own monthly gift from their supporter page (opened by an e-mailed link)."""

import pytest
from django.core import mail
from django.test import Client

from candle.giving.models import Pledge
from candle.giving.providers import test as test_provider
from candle.giving.providers.test import TestProvider
from candle.supporters.access import access_link_create
from candle.supporters.services import supporter_get_or_create

pytestmark = pytest.mark.django_db


def open_page(client, supporter, lang="ko"):
    token = access_link_create(supporter=supporter)
    assert client.post(f"/{lang}/supporters/me/open/{token}/").status_code == 302


@pytest.fixture
def pledge(campaign, start_gift, django_capture_on_commit_callbacks):
    payment = start_gift(campaign, frequency="monthly", amount="20000")
    with django_capture_on_commit_callbacks(execute=True):
        TestProvider().checkout_complete(payment, approve=True)
    mail.outbox.clear()
    pledge = Pledge.objects.get()
    assert pledge.status == "active" and pledge.billing_key.startswith("tbk_")
    return pledge


def url(pledge_id, lang="ko"):
    return f"/{lang}/give/pledges/{pledge_id}/stop/"


def test_account_page_lists_the_pledge_and_stopping_takes_a_confirmation(
    client, pledge, django_capture_on_commit_callbacks
):
    open_page(client, pledge.supporter)
    html = client.get("/ko/supporters/me/account/").content.decode()
    assert "이 정기후원 해지하기" in html and url(pledge.pk) in html
    # The account page's button (a POST without confirm) only asks to confirm.
    response = client.post(url(pledge.pk))
    assert response.status_code == 200 and "해지하시겠습니까" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == "active"
    billing_key = pledge.billing_key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(pledge.pk), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"].endswith(
        "/ko/supporters/me/account/"
    )
    pledge.refresh_from_db()
    assert (
        pledge.status == "cancelled" and pledge.billing_key == "" and pledge.next_charge_on is None
    )
    assert (
        billing_key in test_provider.DELETED_BILLING_KEYS
    )  # the provider was told to forget the card
    assert len(mail.outbox) == 1 and "정기후원" in mail.outbox[0].subject
    page = client.get(response["Location"]).content.decode()
    assert "정기후원이 해지되었습니다" in page and url(pledge.pk) not in page


def test_double_post_changes_nothing_the_second_time(
    client, pledge, django_capture_on_commit_callbacks
):
    open_page(client, pledge.supporter, lang="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(pledge.pk, "en"), {"confirm": "yes"})
    pledge.refresh_from_db()
    first_cancelled_at = pledge.cancelled_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(pledge.pk, "en"), {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "already stopped" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.cancelled_at == first_cancelled_at and len(mail.outbox) == 1


def test_someone_elses_pledge_or_a_forged_id_is_refused(client, pledge):
    other = supporter_get_or_create(
        email="jane@supporters.example", name="Jane Example", locale="en"
    )
    open_page(client, other, lang="en")
    for target in (pledge.pk, 987654):
        response = client.post(url(target, "en"), {"confirm": "yes"})
        assert response.status_code == 404
        assert "could not find this monthly gift" in response.content.decode()
    assert client.post("/en/give/pledges/not-a-number/stop/").status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == "active" and pledge.billing_key


def test_without_the_page_open_or_without_csrf_nothing_happens(pledge):
    anonymous = Client()
    response = anonymous.post(url(pledge.pk), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("/ko/supporters/me/")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(pledge.pk), {"confirm": "yes"}).status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == "active"


def test_staff_cancel_without_a_provider_still_cancels(
    pledge, settings, django_capture_on_commit_callbacks
):
    from candle.giving.services import pledge_cancel

    settings.CANDLE_TEST_PROVIDER_ENABLED = (
        False  # the provider is off: the key cannot be deleted there
    )
    with django_capture_on_commit_callbacks(execute=True):
        pledge_cancel(pledge=pledge)
    pledge.refresh_from_db()
    assert pledge.status == "cancelled" and pledge.billing_key == ""
