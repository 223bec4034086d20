"""Files holding personal data are readable by the site's own user only.

The SQLite database (with its ``-wal``/``-shm``/``-journal`` files) is made mode 600 and the var
directory that holds it mode 711 whenever a connection opens (``CoreConfig.ready`` connects
``sqlite_files_private`` to ``connection_created``): SQLite creates a new database with the
process's umask, which left ``var/candle.sqlite3`` readable by every local user. The var
directory keeps its execute bits so nginx may still pass through to ``static/`` and ``media/``.

``private_file_write`` writes a file that is private from its first byte (receipts, the NTS
list of resident numbers, keys): created 600, never widened by the umask.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _narrow(path: Path, *, remove: int) -> None:
    """Clear the ``remove`` permission bits of ``path`` when any is set (missing: nothing)."""
    try:
        mode = path.stat().st_mode & 0o7777
        if mode & remove:
            path.chmod(mode & ~remove)
    except FileNotFoundError:
        return
    except PermissionError:  # not ours to change: say so, never stop the site
        logger.warning("Cannot make %s private (mode %o): not its owner", path, mode)


def sqlite_files_private(*, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    database = Path(name)
    for suffix in _SQLITE_COMPANIONS:
        _narrow(Path(f"{database}{suffix}"), remove=0o077)
    var_dir = Path(settings.CANDLE_VAR_DIR)
    try:
        if database.parent.resolve() == var_dir.resolve():
            _narrow(var_dir, remove=0o066)  # 711: nobody else may list or write it
    except OSError:
        return


def private_file_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing it) with mode 600 from the start."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    _narrow(path, remove=0o077)  # an existing file keeps its mode through O_CREAT
