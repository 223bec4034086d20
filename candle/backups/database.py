"""The database half of a backup: a consistent copy, its row counts, and putting it back.

SQLite: Python's online backup API copies the live database page by page (readers and the
site go on meanwhile); the row counts are read from the copy, so they describe exactly what
the archive holds. PostgreSQL: one ``REPEATABLE READ`` transaction exports its snapshot,
counts every table in it, and ``pg_dump --snapshot`` dumps that same snapshot in the custom
format (uncompressed: the archive is compressed as a whole, and the check that no field key
is in the archive must be able to read every byte). Restoring is ``pg_restore`` into an
empty database, then ``ANALYZE`` (a dump brings no statistics; docs/deployment.md).

Connections are made from a Django ``DATABASES`` entry (``DatabaseTarget``), so a test or a
restore may name a database other than the one the site uses. Passwords go to the tools in
``PGPASSWORD``, never on a command line.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

Progress = Callable[[str], None]

_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}


@dataclass(frozen=True)
class DatabaseTarget:
    """A database to back up or restore into, described by a Django ``DATABASES`` entry."""

    settings: dict

    @property
    def vendor(self) -> str:
        engine = self.settings["ENGINE"]
        if engine not in _ENGINES:
            raise CommandError(f"Backups support SQLite and PostgreSQL, not {engine}.")
        return _ENGINES[engine]

    @property
    def sqlite_path(self) -> str:
        return str(self.settings["NAME"])

    def pg_environment(self) -> dict[str, str]:
        """The environment for pg_dump / pg_restore / psycopg (libpq reads the same names)."""
        environment = dict(os.environ)
        values = {
            "PGDATABASE": self.settings.get("NAME"),
            "PGUSER": self.settings.get("USER"),
            "PGPASSWORD": self.settings.get("PASSWORD"),
            "PGHOST": self.settings.get("HOST"),
            "PGPORT": self.settings.get("PORT"),
        }
        for name, value in values.items():
            if value:
                environment[name] = str(value)
        return environment

    def pg_connect(self):
        import psycopg

        environment = self.pg_environment()
        return psycopg.connect(
            dbname=environment.get("PGDATABASE", ""),
            user=environment.get("PGUSER"),
            password=environment.get("PGPASSWORD"),
            host=environment.get("PGHOST"),
            port=environment.get("PGPORT"),
        )


# --- SQLite ----------------------------------------------------------------------------------


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def sqlite_row_counts(path: str | Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - names from sqlite_master
            for table in _sqlite_tables(connection)
        }
    finally:
        connection.close()


def sqlite_dump(source: sqlite3.Connection, destination: Path, progress: Progress) -> None:
    """Copy the open database ``source`` (Django's own connection works, even in memory)."""
    target = sqlite3.connect(destination)
    last = [-1]

    def report(status, remaining, total):
        percent = int(100 * (total - remaining) / total) if total else 100
        if percent // 10 != last[0] // 10:
            last[0] = percent
            progress(f"  database: {percent}% of {total} pages")

    try:
        source.backup(target, pages=2048, progress=report)
    finally:
        target.close()


def sqlite_is_empty(path: str) -> bool:
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return True
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return not _sqlite_tables(connection)
    finally:
        connection.close()


def sqlite_restore(source: Path, path: str, progress: Progress) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)  # private from its first byte
    os.close(descriptor)
    os.chmod(path, 0o600)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        origin.backup(target, pages=2048)
    finally:
        origin.close()
        target.close()
    progress("  database: copied into place")


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY schemaname, tablename"
    )
    return list(cursor.fetchall())


def _pg_counts(cursor) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    for schema, table in _pg_tables(cursor):
        cursor.execute(
            sql.SQL("SELECT COUNT(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        name = table if schema == "public" else f"{schema}.{table}"
        counts[name] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], target: DatabaseTarget, what: str) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments we build
            command, env=target.pg_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise CommandError(f"{command[0]} is not installed (PostgreSQL's client tools).") from error
    if result.returncode != 0:
        raise CommandError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def pg_dump(target: DatabaseTarget, destination: Path, progress: Progress) -> dict[str, int]:
    """Dump the database and count its rows, both in one snapshot; returns the counts."""
    connection = target.pg_connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            progress("  database: counting rows")
            counts = _pg_counts(cursor)
            progress(f"  database: pg_dump ({len(counts)} tables)")
            _run(
                ["pg_dump", "-Fc", "-Z0", f"--snapshot={snapshot}", "-f", str(destination)],
                target,
                "pg_dump",
            )
        connection.rollback()
    finally:
        connection.close()
    return counts


def pg_row_counts(target: DatabaseTarget) -> dict[str, int]:
    connection = target.pg_connect()
    try:
        with connection.cursor() as cursor:
            return _pg_counts(cursor)
    finally:
        connection.close()


def pg_is_empty(target: DatabaseTarget) -> bool:
    connection = target.pg_connect()
    try:
        with connection.cursor() as cursor:
            return not _pg_tables(cursor)
    finally:
        connection.close()


def pg_restore(source: Path, target: DatabaseTarget, progress: Progress) -> None:
    progress("  database: pg_restore")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={target.settings['NAME']}",
            str(source),
        ],
        target,
        "pg_restore",
    )
    progress("  database: ANALYZE (a dump brings no statistics)")
    connection = target.pg_connect()
    try:
        connection.autocommit = True
        connection.execute("ANALYZE")
    finally:
        connection.close()
