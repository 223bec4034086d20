"""The hash chain: how an entry is hashed, appended after the last one, and checked.

An entry's hash is SHA-256 over a canonical serialisation (sorted-key JSON, UTF-8) of its
fields: its number in the chain, the time in UTC to the microsecond, the actor's username, the
action, the target, the fields, count, detail, client address and path, and the previous
entry's hash. Changing any of them, removing an entry or moving one breaks the chain at that
entry. The actor's foreign key is left out on purpose: deleting a user sets it to NULL (the
only UPDATE the PostgreSQL trigger lets through), and the username the hash covers stays.

Appends are serialised so the chain stays one chain under concurrent writers: on PostgreSQL by
a transaction-level advisory lock (held until the caller's transaction ends), on SQLite by
its IMMEDIATE transactions (one writer at a time). The unique ``seq`` and ``hash`` columns
would refuse a fork anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections, router, transaction

from .models import GENESIS, AuditEntry

# pg_advisory_xact_lock key for appends: any fixed 64-bit number no other code uses.
ADVISORY_LOCK_KEY = 0x43414E444C45  # "CANDLE"


def entry_canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    values = {
        "seq": entry.seq,
        "at": at,
        "actor": entry.actor_username,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "fields": list(entry.fields or []),
        "count": entry.count,
        "detail": entry.detail,
        "client_address": entry.client_address,
        "path": entry.path,
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(entry_canonical(entry)).hexdigest()


def entry_append(entry: AuditEntry) -> AuditEntry:
    """Give the unsaved entry its place after the last one and insert it, in the caller's
    transaction if there is one (so it commits or rolls back with the act it records)."""
    return entries_append([entry])[0]


def chain_lock(using: str = "default") -> None:
    """Take the chain's lock now, in the caller's transaction (PostgreSQL; SQLite writes one
    transaction at a time). An append holds it until the commit, so code that takes a lock of
    its own and then writes audited rows takes this one FIRST: a transaction already holding
    the chain (a payment whose record was logged) may be waiting for that other lock."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def entries_append(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append several unsaved entries in their order, under one lock and in one insert (a
    batch of rows changed by one queryset ``update()``), in the caller's transaction."""
    if not entries:
        return entries
    alias = router.db_for_write(AuditEntry)
    with transaction.atomic(using=alias, savepoint=False):
        chain_lock(alias)
        last = AuditEntry.objects.using(alias).order_by("-seq").values_list("seq", "hash").first()
        seq, previous = (last[0], last[1]) if last else (0, GENESIS)
        for entry in entries:
            seq += 1
            entry.seq, entry.previous_hash = seq, previous
            entry.hash = previous = entry_hash(entry)
        if len(entries) == 1:
            entries[0].save(using=alias, force_insert=True)
        else:
            AuditEntry.objects.using(alias).bulk_create(entries, batch_size=500)
    return entries


# ``entry_insert_sql``: the canonical serialisation with these two values where the previous
# hash and the number go (keys sorted: they are neighbours), split there.
_SPLIT = b'"previous_hash":"","seq":0,'


def entry_insert_sql(entry: AuditEntry, *, using: str = "default") -> tuple[str, list]:
    """PostgreSQL only: one ``INSERT … SELECT`` appending the unsaved ``entry`` after the last
    entry, its number, previous hash and hash computed by the database from that last entry,
    over exactly the bytes ``entry_hash`` hashes (``audit_verify`` checks them as any other).
    For a caller that writes its record and the entry in few round trips (a signature).

    The caller must hold the chain's lock (``LOCK_SQL`` with ``ADVISORY_LOCK_KEY``) from an
    EARLIER statement of its transaction: a statement reads the rows committed before it
    started, so a lock taken in the same statement would not see the entry its holder before
    had just committed."""
    from candle.core.compiled import insert_parts

    entry.seq, entry.previous_hash, entry.hash = 0, "", ""
    canonical = entry_canonical(entry)
    if canonical.count(_SPLIT) != 1:  # keys with quotes inside strings are escaped: never
        raise ValueError("the entry's serialisation cannot be split")
    before, after = canonical.split(_SPLIT)
    parts = insert_parts(entry, using)
    computed = {
        "seq": "n.seq",
        "previous_hash": "n.previous",
        "hash": (
            "encode(sha256(%s::bytea || convert_to(%s || n.previous || %s || n.seq::text"
            " || %s, 'UTF8') || %s::bytea), 'hex')"
        ),
    }
    connection = connections[using]
    selected, params = [], []
    for name, value in zip(parts.names, parts.params, strict=True):
        if name in computed:
            selected.append(computed[name])
            if name == "hash":
                params += [before, '"previous_hash":"', '","seq":', ",", after]
        else:
            selected.append("%s")
            params.append(value)
    table = parts.table
    quote = connection.ops.quote_name
    columns, selected = ", ".join(parts.columns), ", ".join(selected)
    sql = (  # names from the model, every value a parameter
        f"INSERT INTO {table} ({columns}) SELECT {selected} FROM ("  # noqa: S608
        f"SELECT COALESCE((SELECT {quote('seq')} FROM {table} ORDER BY {quote('seq')} DESC"
        f" LIMIT 1), 0) + 1 AS seq, COALESCE((SELECT {quote('hash')} FROM {table} ORDER BY"
        f" {quote('seq')} DESC LIMIT 1), %s) AS previous) AS n"
    )
    return sql, [*params, GENESIS]


LOCK_SQL = "pg_advisory_xact_lock(%s)"

# The lock is held to the end of the transaction, and a synchronous commit ends only once its
# WAL is on disk (an fdatasync, 1-2 ms on the 2-core machine): every append waited for the one
# before it to reach the disk, so the chain took at most one transaction per fdatasync
# (170-280 a second under load in a pgbench of a signature's statements). A caller that
# appends in a transaction of its own may instead commit it without waiting for the disk
# (``COMMIT_UNFLUSHED_SQL``, selected in a statement of that transaction: it reverts at its
# end) and then call ``commits_flush`` before it answers: the lock is released when the
# commit's record is written, and the flushes of the transactions that committed meanwhile are
# one fdatasync, outside the lock (800-980 a second in the same pgbench). Nothing is answered
# before it is on disk, as before. Never inside an outer transaction: its other writes would
# commit unflushed too (``commits_flush_wanted``).
COMMIT_UNFLUSHED_SQL = "set_config('synchronous_commit', 'off', true)"


def commits_flush_wanted(using: str = "default") -> bool:
    """True when a transaction opened now on ``using`` would be the outermost one, on
    PostgreSQL: it may then commit unflushed (``COMMIT_UNFLUSHED_SQL``) if the caller calls
    ``commits_flush`` after it."""
    connection = connections[using]
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def commits_flush(using: str = "default") -> None:
    """Return once every transaction committed on ``using`` before this call is on disk (as far
    as the server's ``synchronous_commit`` asks: with a synchronous standby, there too).

    PostgreSQL flushes the WAL in order, so a synchronous commit flushes every commit record
    written before its own. This is the smallest such commit: a transactional logical
    decoding message (``pg_logical_emit_message``: a transaction id and a few bytes of WAL,
    no row, ignored unless a logical decoding client asks for messages), in a transaction of
    its own (autocommit), with the session's usual ``synchronous_commit``. Call it outside
    any transaction."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise RuntimeError("commits_flush needs the previous transaction committed")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_logical_emit_message(true, 'candle.flush', '')")


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    seq: int
    at: dt.datetime
    problem: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_hash: str
    broken: ChainBreak | None


def _entries(alias: str) -> Iterator[AuditEntry]:
    return AuditEntry.objects.using(alias).order_by("seq", "pk").iterator(chunk_size=2000)


def chain_verify(*, using: str | None = None) -> ChainReport:
    """Walk the chain in order; stop at the first entry that does not follow from the one
    before it. A removed last entry cannot be seen from the rows themselves: compare the count
    and last hash with those noted at an earlier check."""
    alias = using or router.db_for_read(AuditEntry)
    previous_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in _entries(alias):
        problem = ""
        if entry.seq != expected_seq:
            problem = (
                f"number {entry.seq} where {expected_seq} was expected: "
                f"entries before it are missing or moved"
            )
        elif entry.previous_hash != previous_hash:
            problem = "its previous hash is not the hash of the entry before it"
        elif entry.hash != entry_hash(entry):
            problem = "its contents do not match its hash: it was changed after it was written"
        if problem:
            broken = ChainBreak(entry_id=entry.pk, seq=entry.seq, at=entry.at, problem=problem)
            return ChainReport(checked=checked, last_hash=previous_hash, broken=broken)
        previous_hash, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
    return ChainReport(checked=checked, last_hash=previous_hash, broken=None)
