"""The shared GnuBoard5 sample, loaded into a throw-away database on the real MariaDB server.

Tests that need it skip, saying why, when no server answers on 127.0.0.1:3306 or the sample
is not on this machine."""

import os
import re
import tarfile
import uuid
from pathlib import Path

import pytest

SAMPLE_DIR = Path(os.environ.get("CANDLE_GNUBOARD_SAMPLE", "/work/shared/gnuboard5"))
HOST, PORT, USER = "127.0.0.1", 3306, "root"


def _server():
    import pymysql

    try:
        return pymysql.connect(
            host=HOST, port=PORT, user=USER, charset="utf8mb4", connect_timeout=3
        )
    except pymysql.err.MySQLError as error:
        pytest.skip(f"no MariaDB server answers on {HOST}:{PORT} ({error.args[-1]})")


def _statements(sql: str):
    """Split mariadb-dump output into statements (one INSERT per line; no procedures)."""
    buffer = []
    for line in sql.splitlines():
        if not buffer and (not line.strip() or line.startswith("--")):
            continue
        buffer.append(line)
        if line.rstrip().endswith(";"):
            statement = "\n".join(buffer)
            buffer = []
            if re.match(r"^/\*!\d+ (SET|LOCK|UNLOCK)|^(LOCK|UNLOCK) TABLES", statement.strip()):
                continue
            yield statement


def sample_load(connection, sql_path: Path) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(sql_path.read_text(encoding="utf-8")):
            cursor.execute(statement)
    connection.commit()


@pytest.fixture(scope="session")
def gnuboard_sample(tmp_path_factory):
    """(source URL, data/ folder) of the sample in a fresh database, dropped at the end."""
    if not (SAMPLE_DIR / "sample.sql").exists():
        pytest.skip(f"the GnuBoard sample is not at {SAMPLE_DIR}")
    import pymysql

    server = _server()
    name = f"candle_test_g5_{uuid.uuid4().hex[:8]}"
    with server.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb3")
    try:
        connection = pymysql.connect(
            host=HOST, port=PORT, user=USER, database=name, charset="utf8mb4"
        )
        sample_load(connection, SAMPLE_DIR / "sample.sql")
        connection.close()
        files = tmp_path_factory.mktemp("g5files")
        with tarfile.open(SAMPLE_DIR / "files.tar.gz") as archive:
            archive.extractall(files, filter="data")
        yield f"mysql://{USER}@{HOST}:{PORT}/{name}", files / "data", name
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.close()


@pytest.fixture
def scratch_mariadb():
    """An empty throw-away database for hostile-input tests; yields (url, connection)."""
    import pymysql

    server = _server()
    name = f"candle_test_g5x_{uuid.uuid4().hex[:8]}"
    with server.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb3")
    connection = pymysql.connect(
        host=HOST, port=PORT, user=USER, database=name, charset="utf8mb4", autocommit=True
    )
    try:
        yield f"mysql://{USER}@{HOST}:{PORT}/{name}", connection
    finally:
        connection.close()
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.close()
