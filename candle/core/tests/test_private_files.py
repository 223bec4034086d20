"""Files with personal data are private to the site's user (issue 20, "also noticed"):
the SQLite database and var/, the dev secret key, receipts and the NTS list."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.utils import ConnectionHandler

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def open_umask():
    """The usual umask (022), under which new files are world-readable unless made private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_and_its_var_directory_are_private(
    tmp_path, settings, open_umask, django_db_blocker
):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)
    settings.CANDLE_VAR_DIR = var_dir
    database = var_dir / "candle.sqlite3"
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(database),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
            }
        }
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x integer)")
            cursor.execute("INSERT INTO t VALUES (1)")
        wal = Path(f"{database}-wal")
        assert wal.exists() and _mode(wal) == 0o600
        connection.close()
    assert _mode(database) == 0o600
    assert _mode(var_dir) == 0o711  # nobody else may list it; nginx may pass through


def test_an_existing_world_readable_database_is_made_private(
    tmp_path, settings, open_umask, django_db_blocker
):
    settings.CANDLE_VAR_DIR = tmp_path / "elsewhere"
    database = tmp_path / "old.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    tmp_path.chmod(0o755)
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}}
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        connection.ensure_connection()
        connection.close()
    assert _mode(database) == 0o600
    assert _mode(tmp_path) == 0o755  # not the var directory: left alone


def test_the_dev_secret_key_is_created_private(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CANDLE_", "DJANGO_"))}
    env.update(CANDLE_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="candle.settings.dev")
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", "import os; os.umask(0o022); import candle.settings.dev"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _mode(tmp_path / "var" / "dev-secret-key") == 0o600


@pytest.mark.django_db
def test_the_nts_list_and_its_folder_are_private(tmp_path, open_umask):
    out = tmp_path / "receipts"
    call_command("issue_receipts", "--year", "2025", "--out", str(out), stdout=io.StringIO())
    assert _mode(out) == 0o700
    assert _mode(out / "nts-2025.csv") == 0o600
