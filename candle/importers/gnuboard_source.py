"""Reading a GnuBoard5 database over a real MariaDB/MySQL connection (PyMySQL).

Every failure a person can cause (wrong password, unknown host, missing table, odd prefix)
becomes one ``SourceError`` with a sentence in Korean and English, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pymysql
from django.utils.translation import gettext as _
from pymysql.cursors import DictCursor

KST = ZoneInfo("Asia/Seoul")
_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_PREFIX = re.compile(r"^[A-Za-z0-9_]{0,20}$")
# NUL and the other C0 controls (tab, line feed and carriage return aside): PostgreSQL refuses
# NUL in text, and none of them means anything on a web page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SourceError(Exception):
    """A problem with the GnuBoard database, said in one sentence for the person running it."""


@dataclass(frozen=True)
class SourceAddress:
    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def parse(cls, url: str) -> SourceAddress:
        parts = urlsplit(url or "")
        if (
            parts.scheme not in {"mysql", "mariadb"}
            or not parts.hostname
            or not parts.path.strip("/")
        ):
            raise SourceError(
                _(
                    "The source must look like mysql://USER:PASSWORD@HOST:PORT/DATABASE (got “%(url)s”)."
                )
                % {"url": _redact(url)}
            )
        try:
            port = parts.port or 3306
        except ValueError as error:
            raise SourceError(_("The port in the source address is not a number.")) from error
        return cls(
            host=parts.hostname,
            port=port,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=unquote(parts.path.strip("/")),
        )


def _redact(url: str) -> str:
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url or "")


def kst_datetime(value) -> datetime | None:
    """GnuBoard's KST date strings (or PyMySQL datetimes) as aware datetimes; None if invalid."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=KST)
    text = str(value or "")
    try:
        parsed = datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if parsed.year < 1971:
        return None
    return parsed.replace(tzinfo=KST)


class GnuboardSource:
    """The tables of one GnuBoard5 install."""

    def __init__(self, url: str, *, prefix: str = "g5_"):
        if not _PREFIX.match(prefix or ""):
            raise SourceError(
                _("The table prefix may contain only letters, digits and “_” (got “%(prefix)s”).")
                % {"prefix": prefix}
            )
        self.address = SourceAddress.parse(url)
        self.prefix = prefix
        self.connection = None

    # --- connection -----------------------------------------------------------------------------
    def connect(self) -> GnuboardSource:
        address = self.address
        try:
            self.connection = pymysql.connect(
                host=address.host,
                port=address.port,
                user=address.user,
                password=address.password,
                database=address.database,
                charset="utf8mb4",
                cursorclass=DictCursor,
                connect_timeout=10,
                read_timeout=600,
            )
        except pymysql.err.OperationalError as error:
            code = error.args[0] if error.args else 0
            if code == 1045:
                message = _("MariaDB refused user “%(user)s”: the user name or password is wrong.")
            elif code == 1049:
                message = _("There is no database called “%(database)s” on %(host)s.")
            elif code == 1044:
                message = _("User “%(user)s” may not open the database “%(database)s”.")
            else:
                message = _(
                    "Could not reach the database server at %(host)s:%(port)s. Is it running?"
                )
            raise SourceError(
                message
                % {
                    "user": address.user,
                    "database": address.database,
                    "host": address.host,
                    "port": address.port,
                }
            ) from error
        except (pymysql.err.MySQLError, OSError) as error:
            raise SourceError(
                _("Could not reach the database server at %(host)s:%(port)s. Is it running?")
                % {"host": address.host, "port": address.port}
            ) from error
        for table in ("board", "board_file", "member"):
            if not self.table_exists(self.prefix + table):
                raise SourceError(
                    _(
                        "The table “%(table)s” is missing: is this a GnuBoard5 database, and is the prefix “%(prefix)s” right?"
                    )
                    % {"table": self.prefix + table, "prefix": self.prefix}
                )
        return self

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def __enter__(self) -> GnuboardSource:
        return self.connect()

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, args=None) -> list[dict]:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, args)
                return [
                    {
                        key: _CONTROL.sub("", value)
                        if isinstance(value, str) and _CONTROL.search(value)
                        else value
                        for key, value in row.items()
                    }
                    for row in cursor.fetchall()
                ]
        except pymysql.err.ProgrammingError as error:
            raise SourceError(
                _("GnuBoard's database could not be read: %(reason)s") % {"reason": error.args[-1]}
            ) from error
        except pymysql.err.OperationalError as error:
            raise SourceError(
                _("The connection to GnuBoard's database was lost: %(reason)s")
                % {"reason": error.args[-1]}
            ) from error

    def table_exists(self, table: str) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW TABLES LIKE %s", (table,))
            return cursor.fetchone() is not None

    def _table(self, name: str) -> str:
        table = self.prefix + name
        if not _NAME.match(table):
            raise SourceError(
                _("“%(table)s” is not a table name GnuBoard would make.") % {"table": table}
            )
        return f"`{table}`"

    # --- reads ----------------------------------------------------------------------------------
    def boards(self) -> list[dict]:
        return self._query(f"SELECT * FROM {self._table('board')} ORDER BY bo_order, bo_table")  # noqa: S608

    def write_table_exists(self, bo_table: str) -> bool:
        return _NAME.match(bo_table or "") is not None and self.table_exists(
            f"{self.prefix}write_{bo_table}"
        )

    def rows(self, bo_table: str) -> list[dict]:
        """Every row of one board (posts, replies and comments) in id order."""
        return self._query(f"SELECT * FROM {self._table('write_' + bo_table)} ORDER BY wr_id")  # noqa: S608

    def files(self, bo_table: str) -> dict[int, list[dict]]:
        found: dict[int, list[dict]] = {}
        rows = self._query(
            f"SELECT * FROM {self._table('board_file')} WHERE bo_table = %s ORDER BY wr_id, bf_no",  # noqa: S608
            (bo_table,),
        )
        for row in rows:
            if row["bo_table"] != bo_table:
                continue  # GnuBoard's collation ignores case: News's files are not news's
            found.setdefault(int(row["wr_id"]), []).append(row)
        return found

    def member_count(self) -> int:
        return int(self._query(f"SELECT COUNT(*) AS n FROM {self._table('member')}")[0]["n"])  # noqa: S608
