"""Storing a new signature in few round trips (``signatures.signature_create``'s write).

A surge posts thousands of signatures to one appeal, and each one writes three rows: the
signature, its audit entry (``record.create``: a public form writes one entry per personal
row it creates, ``access-audit.md``) and the task that mails its link. Through the ORM that
was seven statements (the insert, the chain's lock, the last entry, the entry, the commit,
then the task in a transaction of its own after the commit) and each insert compiled anew.
On PostgreSQL, with the database task backend (production) and no outer transaction, it is
two round trips in psycopg's pipeline mode (``_pipelined_once``), with the same rows:

1. ``BEGIN`` and the signature's insert, sent together; its id comes back (the unique
   constraint on the address answers a second try here, before any lock);
2. the audit chain's lock (``pg_advisory_xact_lock``) with ``chain.COMMIT_UNFLUSHED_SQL``;
   the audit entry appended after the last one, its hash computed by the database over the
   bytes ``audit.chain.entry_hash`` hashes (``chain.entry_insert_sql``), with the link's task
   row in the same statement (a signature never lacks its mail); ``COMMIT``; and
   ``chain.commits_flush``'s statement, which returns once the commit is on disk. All sent
   together: the lock is taken and released while the server works through that one batch,
   never across a round trip to this process, and nothing is answered before it is on disk
   (the signatures committed meanwhile share one fdatasync, outside the lock: the chain's
   ceiling, ``docs/subsystems/advocacy.md`` "The bench").

Those round trips were six (Django's health check, ``BEGIN``, two statements, ``COMMIT``, the
flush) and the lock was held across three of them. The POST skips the health check
(``CONN_HEALTH_CHECKS``' ``SELECT 1``): a kept connection that died while idle fails on the
first batch, which commits nothing, and is replaced; the signature is then sent once more. The
Django connection stays in autocommit throughout and never sees the transaction open; one not
committed is rolled back before the function returns (or the connection dropped).

With the immediate task backend (the link mailed on commit) or inside a caller's transaction,
the same statements run in an ordinary transaction (the lock taken with the insert), committed
synchronously.

Other databases (SQLite in development) and other task backends (immediate in development
and tests) keep the ORM's way: the insert, the audit receivers' entry, the task on commit.
``candle/advocacy/tests/test_sign_store.py`` checks both give the same rows and that the
chain verifies.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError, connections, router, transaction
from django.db.models.signals import pre_save

from candle.audit.chain import (
    ADVISORY_LOCK_KEY,
    COMMIT_UNFLUSHED_SQL,
    LOCK_SQL,
    commits_flush,
    commits_flush_wanted,
    entry_insert_sql,
)
from candle.audit.log import entry_build, target_of
from candle.core.compiled import insert_parts

from .models import Signature

try:
    from psycopg.pq import TransactionStatus
except ImportError:  # pragma: no cover - psycopg is a dependency
    TransactionStatus = None


def signature_store(signature: Signature) -> int:
    """Insert the unsaved ``signature`` with its audit entry and its link mail's task; returns
    its id. Raises ``IntegrityError`` (and writes nothing) when its address signed already."""
    from .tasks import signature_link_send_task

    alias = router.db_for_write(Signature)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return _store_orm(signature, alias)
    task_row = _database_task_row(signature_link_send_task, alias)
    if task_row is not None and commits_flush_wanted(alias) and connection.get_autocommit():
        return _store_pipelined(signature, task_row, alias)
    # Inside a caller's transaction, or with the immediate task backend: the two statements in
    # the caller's (or a new) transaction, committed synchronously.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        row = insert_parts(signature, alias)
        pk = connection.ops.quote_name(Signature._meta.pk.column)
        cursor.execute(
            # names from the models, every value a parameter
            f"WITH s AS (INSERT INTO {row.values_sql()} RETURNING {pk}) "  # noqa: S608
            f"SELECT s.{pk}, {LOCK_SQL} FROM s",
            [*row.params, ADVISORY_LOCK_KEY],
        )
        signature.pk = cursor.fetchone()[0]
        signature._state.adding, signature._state.db = False, alias
        entry_sql, entry_params = _entry_sql(signature, alias)
        if task_row is None:
            cursor.execute(entry_sql, entry_params)
            _enqueue_on_commit(signature.pk, alias)
        else:
            task_row.args_kwargs = {"args": [], "kwargs": {"signature_id": signature.pk}}
            task = insert_parts(task_row, alias)
            cursor.execute(
                f"WITH a AS ({entry_sql}) INSERT INTO {task.values_sql()}",
                [*entry_params, *task.params],
            )
    return signature.pk


def _entry_sql(signature: Signature, alias: str) -> tuple[str, list]:
    return entry_insert_sql(entry_build("record.create", target=target_of(signature)), using=alias)


class _NothingSent(Exception):  # noqa: N818 - a marker, not an error of its own
    """The connection failed before the signature's transaction could commit."""


def _store_pipelined(signature: Signature, task_row, alias: str) -> int:
    """The production path (the module docstring): two round trips, and a connection found
    dead on the first is replaced and the signature sent again (nothing of it was committed),
    so the sign POST needs no health check of its own (``CONN_HEALTH_CHECKS``' ``SELECT 1``)."""
    connection = connections[alias]
    raw = connection.connection
    if raw is not None and not raw.closed and not getattr(raw, "broken", False):
        # a kept connection is used as it is: one that died while idle fails on the first
        # round trip below, before anything is committed, and is replaced then
        connection.health_check_done = True
    try:
        return _pipelined_once(signature, task_row, alias)
    except _NothingSent:
        connection.close()
        signature.pk, signature._state.adding = None, True
        try:
            return _pipelined_once(signature, task_row, alias)
        except _NothingSent as error:
            raise error.__cause__ from None


def _pipelined_once(signature: Signature, task_row, alias: str) -> int:
    """Two round trips in psycopg's pipeline mode, in a transaction of our own (``BEGIN`` and
    ``COMMIT`` sent as statements, so they travel with the others; the Django connection stays
    in autocommit and never sees the transaction open):

    1. ``BEGIN``, the signature inserted: its id comes back (the unique constraint answers a
       second try here, before any lock);
    2. the chain's lock with ``synchronous_commit`` off for this transaction, the audit entry
       with the task row, ``COMMIT`` (the lock is released with it), and ``commits_flush``'s
       statement, which returns once the commit is on disk.

    The lock is taken and released within the server's handling of the second batch: no
    round trip to this process happens while it is held."""
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    committed = False
    try:
        with connection.cursor() as cursor:
            try:
                with raw.pipeline():
                    row = insert_parts(signature, alias)
                    pk = connection.ops.quote_name(Signature._meta.pk.column)
                    cursor.execute("BEGIN")
                    # names from the models, every value a parameter
                    cursor.execute(
                        f"INSERT INTO {row.values_sql()} RETURNING {pk}",  # noqa: S608
                        row.params,
                    )
                    signature.pk = cursor.fetchone()[0]
            except (OperationalError, InterfaceError) as error:
                raise _NothingSent from error
            signature._state.adding, signature._state.db = False, alias
            entry_sql, entry_params = _entry_sql(signature, alias)
            task_row.args_kwargs = {"args": [], "kwargs": {"signature_id": signature.pk}}
            task = insert_parts(task_row, alias)
            with raw.pipeline():
                cursor.execute(f"SELECT {LOCK_SQL}, {COMMIT_UNFLUSHED_SQL}", [ADVISORY_LOCK_KEY])
                cursor.execute(
                    f"WITH a AS ({entry_sql}) INSERT INTO {task.values_sql()}",
                    [*entry_params, *task.params],
                )
                cursor.execute("COMMIT")
                commits_flush(alias)  # on disk before anyone is told it is stored
            committed = True
    finally:
        if not committed:
            _rollback(connection)
    return signature.pk


def _rollback(connection) -> None:
    """End a transaction this module opened and did not commit, or drop the connection: it
    must never carry an open transaction into the next request."""
    raw = connection.connection
    if raw is None or raw.closed:
        return
    try:
        if raw.info.transaction_status != TransactionStatus.IDLE:
            raw.execute("ROLLBACK")
    except Exception:  # noqa: BLE001 - a connection that cannot roll back is dropped
        connection.close()


def _store_orm(signature: Signature, alias: str) -> int:
    with transaction.atomic(using=alias):
        signature.save(force_insert=True, using=alias)  # the audit receivers write the entry
        _enqueue_on_commit(signature.pk, alias)
    return signature.pk


def _enqueue_on_commit(signature_id: int, alias: str) -> None:
    from .tasks import signature_link_send_task

    transaction.on_commit(
        lambda: signature_link_send_task.enqueue(signature_id=signature_id), using=alias
    )


def _database_task_row(task, alias: str):
    """The row ``DatabaseBackend.enqueue`` would create for ``task`` (its id, priority, queue,
    path, backend, ``run_after`` by the package's own ``pre_save`` handler), unsaved; ``None``
    when the task's backend is not the database's (or stores in another database)."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a dependency
        return None
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend) or router.db_for_write(DBTaskResult) != alias:
        return None
    backend.validate_task(task)
    row = DBTaskResult(
        id=backend._get_id(),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )
    pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=alias, update_fields=None)
    return row
