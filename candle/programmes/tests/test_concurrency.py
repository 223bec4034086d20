"""200 people registering at once for 50 seats: exactly 50 confirmed and 150 waiting, no seat
sold twice (PostgreSQL: the event row is locked for each registration)."""

import pytest
from django.db import connection

from candle.programmes.race import registration_race

from .conftest import event_make


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_registrations_for_50_seats(homes):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite runs write transactions "
            "one at a time, so there is no race to test)"
        )
    event = event_make(homes["index"], capacity=50, slug="race")
    result = registration_race(event=event, clients=200, workers=40)
    assert result["errors"] == 0
    assert (result["confirmed"], result["waiting"], result["double_booked"]) == (50, 150, 0)
