"""A gift in flight when the database connection is lost (on PostgreSQL: its server process
killed with ``pg_terminate_backend`` as the payment row is written): the person is told to
send the form again and nothing of it is recorded; sending it again records it once, and a
third time records nothing more."""

from __future__ import annotations

import pytest

from candle.core.tests.database_faults import connection_lost
from candle.core.tests.migration_rows import migration_rows_restore
from candle.giving.models import Payment
from candle.giving.tests.test_views import form_data
from candle.supporters.models import Consent, Supporter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _migration_rows(transactional_db):
    migration_rows_restore()


def _payment_insert(sql: str) -> bool:
    return sql.startswith('INSERT INTO "giving_payment"')


def test_a_gift_interrupted_by_the_database_is_refused_then_recorded_once(client, campaign):
    client.raise_request_exception = False
    data = form_data(campaign)

    with connection_lost(when=_payment_insert) as met:
        response = client.post("/ko/give/donate/", data)
    assert met, "the connection was lost while the gift was being written"
    assert response.status_code == 503
    html = response.content.decode()
    assert "다시 보내도 두 번 기록되지 않습니다" in html and "not recorded twice" in html
    # The whole transaction went with the connection: no gift, no supporter, no consent.
    assert (Payment.objects.count(), Supporter.objects.count(), Consent.objects.count()) == (
        0,
        0,
        0,
    )

    again = client.post("/ko/give/donate/", data)
    assert again.status_code == 302 and "/test-checkout/" in again["Location"]
    assert Payment.objects.count() == 1

    third = client.post("/ko/give/donate/", data)  # the browser sent it once more
    assert third.status_code == 302
    assert Payment.objects.count() == 1
    assert Supporter.objects.count() == 1
