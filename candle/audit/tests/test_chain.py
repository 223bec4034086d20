"""The chain: entries link up, audit_verify finds tampering, the trigger refuses changes, and
an entry lives and dies with the transaction of the act it records."""

import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from candle.audit.chain import chain_verify, entry_hash
from candle.audit.log import record
from candle.audit.models import GENESIS, AuditEntry

pytestmark = pytest.mark.django_db


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def empty(tamper):
    """No entries (whatever setting up the test database wrote)."""
    tamper("DELETE FROM audit_auditentry")


@pytest.fixture
def three(empty):
    for detail in ("one", "two", "three"):
        record("export", count=1, detail=detail)
    return list(AuditEntry.objects.order_by("seq"))


def _verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as error:
        return 1, str(error)
    return 0, out.getvalue()


def test_entries_link_into_one_chain(three):
    first, second, third = three
    assert [e.seq for e in three] == [1, 2, 3]
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert all(e.hash == entry_hash(e) and len(e.hash) == 64 for e in three)


def test_verify_passes_an_intact_chain_and_counts_it(three):
    status, message = _verify()
    assert status == 0
    assert "3 entries checked" in message and three[-1].hash in message


def test_verify_names_an_entry_whose_detail_was_changed(three, tamper):
    tamper("UPDATE audit_auditentry SET detail = %s WHERE id = %s", ["nothing", three[1].pk])
    status, message = _verify()
    assert status == 1
    assert f"entry id {three[1].pk}" in message and "changed after it was written" in message
    assert "1 entries before it are intact" in message


def test_verify_names_the_entry_after_a_deleted_one(three, tamper):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [three[1].pk])
    status, message = _verify()
    assert status == 1
    assert f"entry id {three[2].pk}" in message and "2 was expected" in message


def test_verify_names_entries_put_in_another_order(three, tamper):
    """Swapping two entries' places (their numbers) breaks the first of them."""
    first, second = three[0], three[1]
    tamper("UPDATE audit_auditentry SET seq = 100 WHERE id = %s", [first.pk])
    tamper("UPDATE audit_auditentry SET seq = 1 WHERE id = %s", [second.pk])
    tamper("UPDATE audit_auditentry SET seq = 2 WHERE id = %s", [first.pk])
    report = chain_verify()
    assert report.broken is not None and report.broken.entry_id == second.pk
    assert _verify()[0] == 1


def test_verify_names_a_changed_previous_hash(three, tamper):
    tamper("UPDATE audit_auditentry SET previous_hash = %s WHERE id = %s", ["f" * 64, three[2].pk])
    report = chain_verify()
    assert report.broken.entry_id == three[2].pk
    assert "previous hash" in report.broken.problem


def test_an_empty_log_verifies(empty):
    assert _verify() == (0, "Audit log intact: 0 entries checked; last hash " + GENESIS + ".\n")


def test_an_entry_rolls_back_with_its_act(empty):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record("record.change", detail="rolled back")
        1 / 0  # noqa: B018
    assert not AuditEntry.objects.filter(detail="rolled back").exists()
    record("export", detail="kept")
    assert AuditEntry.objects.get(detail="kept").seq == 1  # the rolled-back number is reused


@pytest.mark.postgres
def test_postgres_refuses_update_delete_and_truncate(three):
    _needs_postgres()
    for sql in (
        "UPDATE audit_auditentry SET detail = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL candle.audit_allow_truncate = off")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for none
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 3
    assert _verify()[0] == 0


@pytest.mark.postgres
def test_postgres_lets_a_deleted_user_leave_the_log_and_the_chain_holds(three):
    _needs_postgres()
    user = get_user_model().objects.create_user(username="leaving", password="x-not-used-123")
    record("export", actor=user, detail="by someone who leaves")
    user.delete()
    entry = AuditEntry.objects.get(detail="by someone who leaves")
    assert entry.actor_id is None and entry.actor_username == "leaving"
    assert _verify()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_chain(empty):
    _needs_postgres()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    record("export", detail=f"writer {n} entry {i}")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 41)
    )
    assert chain_verify().broken is None
