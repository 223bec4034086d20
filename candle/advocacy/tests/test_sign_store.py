"""A new signature's rows written in two statements on PostgreSQL (``sign_store``): the same
signature, audit entry and task row as the ORM's way, a chain that verifies (its hash computed
by the database over the bytes Python hashes), nothing written for a second try."""

import pytest
from django.db import IntegrityError, connection
from django.test import RequestFactory

from candle.advocacy.forms import newsletter_consent_text, signature_consent_text
from candle.advocacy.models import Signature
from candle.advocacy.sign_store import _store_orm, signature_store
from candle.advocacy.signatures import signature_create
from candle.audit.chain import (
    ADVISORY_LOCK_KEY,
    COMMIT_UNFLUSHED_SQL,
    LOCK_SQL,
    chain_verify,
    commits_flush,
    entry_hash,
    entry_insert_sql,
)
from candle.audit.context import request_reset, request_set
from candle.audit.log import entry_build, record
from candle.audit.models import AuditEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the hand-written write is PostgreSQL's"
    ),
]

TASKS_DB = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _signature(appeal, email="store@example.org", **fields):
    values = {
        "appeal": appeal,
        "appeal_key": appeal.translation_key,
        "name": "홍길동예시",
        "email": email,
        "email_normalised": email.lower(),
        "country": "KR",
        "comment": "첫 줄\n둘째 줄",
        "language": "ko",
        "consent_text": signature_consent_text(),
        "newsletter": True,
        "newsletter_text": newsletter_consent_text(),
    }
    values.update(fields)
    return Signature(**values)


@pytest.fixture
def in_request():
    request = RequestFactory().post("/ko/advocacy/appeals/7/sign/", REMOTE_ADDR="198.51.100.4")
    token = request_set(request)
    yield request
    request_reset(token)


def _entry_values(entry: AuditEntry) -> dict:
    return {
        name: getattr(entry, name)
        for name in ("action", "actor_id", "actor_username", "target_type", "fields", "count")
        + ("detail", "client_address", "path")
    }


def test_the_same_rows_as_the_orms_way_and_the_chain_verifies(appeal, in_request):
    record("record.view", detail="an entry before, so the new ones follow one")
    orm = _signature(appeal, email="orm@example.org")
    _store_orm(orm, "default")
    fast = _signature(appeal, email="fast@example.org")
    fast_id = signature_store(fast)

    rows = {row.email: row for row in Signature.objects.all()}
    assert set(rows) == {"orm@example.org", "fast@example.org"}
    skip = {"id", "email", "email_normalised", "created_at"}
    fields = [f.attname for f in Signature._meta.concrete_fields if f.attname not in skip]
    assert {f: getattr(rows["fast@example.org"], f) for f in fields} == {
        f: getattr(rows["orm@example.org"], f) for f in fields
    }
    assert rows["fast@example.org"].pk == fast_id and rows["fast@example.org"].created_at

    entries = {e.target_id: e for e in AuditEntry.objects.filter(action="record.create")}
    assert set(entries) == {str(orm.pk), str(fast_id)}
    assert entries[str(fast_id)].target_label == f"Signature #{fast_id}"
    assert _entry_values(entries[str(fast_id)]) == _entry_values(entries[str(orm.pk)])
    assert entries[str(fast_id)].path == "/ko/advocacy/appeals/7/sign/"
    assert entries[str(fast_id)].client_address == "198.51.100.4"
    last = AuditEntry.objects.order_by("-seq").first()
    assert last.target_id == str(fast_id) and last.hash == entry_hash(last)
    assert last.previous_hash == AuditEntry.objects.get(seq=last.seq - 1).hash
    report = chain_verify()
    assert report.broken is None and report.checked == AuditEntry.objects.count()


@pytest.mark.parametrize(
    "detail",
    [
        '따옴표 " 와 역슬래시 \\ 그리고 "previous_hash":"","seq":0, 흉내',
        "줄바꿈\n탭\t제어\x01 이모지 🙂 \u200d",
    ],
)
def test_the_database_hashes_the_bytes_python_hashes(detail, in_request):
    record("record.view", detail="the first entry")  # written by Python
    entry = entry_build("export", detail=detail, fields=["이름", "e-mail"], count=3)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {LOCK_SQL}", [ADVISORY_LOCK_KEY])
        cursor.execute(*entry_insert_sql(entry))
    stored = AuditEntry.objects.order_by("-seq").first()
    assert stored.detail == detail
    assert stored.previous_hash == AuditEntry.objects.get(seq=stored.seq - 1).hash
    assert stored.hash == entry_hash(stored)
    assert chain_verify().broken is None
    # and it is a real check: a changed byte would not verify
    stored.detail += "."
    assert stored.hash != entry_hash(stored)


def test_the_first_entry_follows_the_genesis():
    entry = entry_build("export", detail="alone")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {LOCK_SQL}", [ADVISORY_LOCK_KEY])
        cursor.execute(*entry_insert_sql(entry))
    report = chain_verify()
    assert report.broken is None and report.checked == 1


def test_a_second_try_writes_nothing(appeal, in_request, settings):
    settings.TASKS = TASKS_DB
    from django_tasks_db.models import DBTaskResult

    signature_store(_signature(appeal))
    counts = (Signature.objects.count(), AuditEntry.objects.count(), DBTaskResult.objects.count())
    assert counts == (1, 1, 1)
    with pytest.raises(IntegrityError):
        signature_store(_signature(appeal, email="STORE@example.org"))
    assert (
        Signature.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),
    ) == counts
    assert chain_verify().broken is None


def test_with_the_database_backend_the_task_row_is_written_with_the_signature(
    appeal, in_request, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = TASKS_DB
    from django_tasks_db.models import DBTaskResult

    from candle.advocacy.tasks import signature_link_send_task

    with django_capture_on_commit_callbacks() as callbacks:
        result = signature_create(
            appeal=appeal,
            name="홍길동예시",
            email="task@example.org",
            country="KR",
            comment="",
            language="ko",
            consent_text=signature_consent_text(),
            newsletter=False,
            newsletter_text="",
        )
    assert callbacks == []  # nothing waits for the commit: the row is in the transaction
    row = DBTaskResult.objects.get()
    assert row.args_kwargs == {"args": [], "kwargs": {"signature_id": result.signature.pk}}
    # the same row as the backend's own enqueue (ids and times apart)
    reference = signature_link_send_task.enqueue(signature_id=result.signature.pk).db_result
    reference.refresh_from_db()
    same = ("status", "priority", "task_path", "queue_name", "backend_name", "run_after")
    same += ("worker_ids", "return_value", "exception_class_path", "traceback", "args_kwargs")
    assert {f: getattr(row, f) for f in same} == {f: getattr(reference, f) for f in same}
    # the worker finds it and it runs: the link is mailed
    ready = DBTaskResult.objects.ready().filter(pk=row.pk).get()
    assert ready.task_result.task.call(**ready.task_result.kwargs) is True
    assert Signature.objects.get().token_hash


def test_insert_parts_prepares_values_as_django_does(appeal, in_request):
    from candle.core.compiled import insert_parts

    entry = entry_build("export", detail="x", fields=["a"], count=2)
    signature = _signature(appeal, comment="", newsletter=False)
    for instance in (entry, signature):
        parts = insert_parts(instance)
        fields = {f.name: f for f in type(instance)._meta.local_concrete_fields}
        assert "id" not in parts.names  # the database numbers the row
        for name, value in zip(parts.names, parts.params, strict=True):
            field = fields[name]
            expected = field.get_db_prep_save(field.pre_save(instance, True), connection)
            if name != "created_at":  # auto_now_add: a new time on each pre_save
                assert repr(value) == repr(expected), name


def _statements(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_alone_it_commits_unflushed_and_waits_for_the_disk_outside_the_lock(
    appeal, in_request, settings
):
    """The chain's lock is taken after the signature's insert, in the batch that ends with
    the commit (no round trip while it is held); the commit does not wait for the disk; the
    flush comes after it, before the signature is reported stored; the setting does not
    outlive the transaction."""
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = TASKS_DB
    record("record.view", detail="an entry before, so the new one follows one")
    with CaptureQueriesContext(connection) as captured:
        signature_id = signature_store(_signature(appeal))
    statements = _statements(captured)
    begin = statements.index("BEGIN")
    assert statements[begin + 1].startswith('INSERT INTO "advocacy_signature"')
    lock = statements[begin + 2]
    assert LOCK_SQL % ADVISORY_LOCK_KEY in lock and COMMIT_UNFLUSHED_SQL in lock
    assert '"audit_auditentry"' in statements[begin + 3]
    from django_tasks_db.models import DBTaskResult

    assert f'"{DBTaskResult._meta.db_table}"' in statements[begin + 3]
    assert statements[begin + 4] == "COMMIT"
    assert "pg_logical_emit_message" in statements[begin + 5]
    assert len(statements) == begin + 6  # nothing after the flush
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert Signature.objects.get().pk == signature_id
    report = chain_verify()
    assert report.broken is None and report.checked == 2


def _transaction_status() -> str:
    return connection.connection.info.transaction_status.name


@pytest.mark.django_db(transaction=True)
def test_alone_a_second_try_writes_nothing_and_leaves_no_transaction_open(
    appeal, in_request, settings
):
    settings.TASKS = TASKS_DB
    from django_tasks_db.models import DBTaskResult

    signature_store(_signature(appeal))
    with pytest.raises(IntegrityError):
        signature_store(_signature(appeal, email="STORE@example.org"))
    assert _transaction_status() == "IDLE"  # the next request starts clean
    assert connection.get_autocommit() is True
    assert (
        Signature.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),
    ) == (1, 1, 1)
    signature_store(_signature(appeal, email="other@example.org"))
    assert Signature.objects.count() == 2
    assert chain_verify().broken is None


@pytest.mark.django_db(transaction=True)
def test_alone_a_failed_entry_rolls_the_signature_back(appeal, in_request, settings, monkeypatch):
    """An error after the insert (here a broken audit statement) stores nothing."""
    from candle.advocacy import sign_store

    settings.TASKS = TASKS_DB
    monkeypatch.setattr(
        sign_store, "_entry_sql", lambda signature, alias: ("SELECT * FROM no_such_table", [])
    )
    with pytest.raises(Exception, match="no_such_table"):
        signature_store(_signature(appeal))
    assert _transaction_status() == "IDLE"
    assert Signature.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_alone_it_skips_the_health_check_and_replaces_a_dead_connection(
    appeal, in_request, settings, monkeypatch
):
    """No ``SELECT 1`` before a signature: a kept connection that died while idle fails on the
    first round trip, which commits nothing, and the signature is sent again on a new one:
    stored once, its entry in the chain."""
    import psycopg

    settings.TASKS = TASKS_DB
    from django.db import connections

    checks = []
    wrapper = connections["default"]
    monkeypatch.setattr(wrapper, "is_usable", lambda: checks.append(1) or True)
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    connection.ensure_connection()
    connection.health_check_done = False  # as at the start of a request
    signature_store(_signature(appeal))
    assert checks == []

    old_backend = connection.connection.info.backend_pid
    connection.health_check_done = False
    dsn = connection.connection.info.dsn
    with psycopg.connect(dsn, password=connection.settings_dict["PASSWORD"] or None) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old_backend])
        other.commit()
    signature_id = signature_store(_signature(appeal, email="after@example.org"))
    assert connection.connection.info.backend_pid != old_backend
    assert checks == []
    assert Signature.objects.filter(email_normalised="after@example.org").get().pk == signature_id
    assert Signature.objects.count() == 2
    report = chain_verify()
    assert report.broken is None and report.checked == 2


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_commit_stays_synchronous(appeal, in_request, settings):
    """The caller's other writes must not commit unflushed: no setting, no flush."""
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = TASKS_DB
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        signature_store(_signature(appeal))
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    statements = _statements(captured)
    assert not any(COMMIT_UNFLUSHED_SQL in sql for sql in statements)
    assert not any("pg_logical_emit_message" in sql for sql in statements)
    assert chain_verify().broken is None


@pytest.mark.django_db(transaction=True)
def test_commits_flush_puts_what_was_committed_on_disk():
    """An unflushed commit is on disk once ``commits_flush`` returns; called inside a
    transaction it refuses (it could not flush that transaction's commit)."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {COMMIT_UNFLUSHED_SQL}")
        record("record.view", detail="committed without waiting for the disk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        written = cursor.fetchone()[0]
        commits_flush()
        cursor.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [written])
        assert cursor.fetchone()[0] is True
    with transaction.atomic(), pytest.raises(RuntimeError):
        commits_flush()


@pytest.mark.django_db(transaction=True)
def test_through_the_sign_view_as_in_production(client, appeal, settings, monkeypatch):
    """The pipelined write behind the real view and middleware (the database task backend,
    no test transaction around the request): a signature, its entry and task row; a second
    try in the other case answers kindly and writes nothing; the honeypot, a bad field and a
    rate limit store nothing; the chain verifies; no transaction is left open."""
    from django_tasks_db.models import DBTaskResult

    from candle.advocacy import appeal_views
    from candle.core.ratelimit import Limit

    from .conftest import sign_data

    settings.TASKS = TASKS_DB
    url = f"/ko/advocacy/appeals/{appeal.pk}/sign/"
    response = client.post(url, sign_data())
    assert response.status_code == 302
    assert response["Location"] == f"/ko/advocacy/appeals/{appeal.pk}/signed/?s=sent"
    signature = Signature.objects.get()
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"signature_id": signature.pk}
    entry = AuditEntry.objects.get(action="record.create")
    assert entry.target_id == str(signature.pk) and entry.path == url
    counts = (Signature.objects.count(), AuditEntry.objects.count(), DBTaskResult.objects.count())

    again = client.post(url, sign_data(email="HONG.Example@example.org", comment="다시"))
    assert again.status_code == 200
    assert "이미" in again.content.decode()
    assert client.post(url, sign_data(email="bot@example.org", website_url="x")).status_code == 400
    assert client.post(url, sign_data(email="bad@", name="x")).status_code == 400
    monkeypatch.setitem(
        appeal_views.RATE_LIMITS, "sign", (Limit(100, 600), Limit(100, 600), Limit(0, 3600))
    )
    assert client.post(url, sign_data(email="limited@example.org")).status_code == 429
    assert (
        Signature.objects.count(),
        AuditEntry.objects.count(),
        DBTaskResult.objects.count(),
    ) == counts
    assert Signature.objects.get().comment == ""
    assert _transaction_status() == "IDLE"
    assert chain_verify().broken is None
