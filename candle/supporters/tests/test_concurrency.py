"""Simultaneous get-or-creates of the same new person make one supporter (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from candle.supporters.models import Supporter
from candle.supporters.services import supporter_get_or_create


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_gifts_from_one_donor_make_one_supporter():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite runs writes one at a time)"
        )
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def give(n: int) -> None:
        try:
            barrier.wait()
            supporter_get_or_create(email="Race@Candle.example", name=f"김가명{n}", locale="ko")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=give, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Supporter.objects.filter(email_normalised="race@candle.example").count() == 1
