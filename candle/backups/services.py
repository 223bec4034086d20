"""Making a backup archive and restoring one (``manage.py backup`` / ``manage.py restore``).

What is in an archive and why: ``docs/subsystems/backups.md``. The field encryption keys are
never in it: the encrypted uploads and columns go in as ciphertext, the key file is skipped
even if it sits in a backed-up directory, and the finished tar is searched for every key
(as text and as raw bytes) before it is encrypted; if one is found, no archive is written.
"""

from __future__ import annotations

import base64
import binascii
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyrage
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from candle.core.encryption.files import encrypted_files_dir

from . import database
from .archive import (
    FORMAT,
    ArchiveRefused,
    ArchiveWriter,
    archive_manifest_verified,
    archive_members,
)
from .database import DatabaseTarget

Progress = Callable[[str], None]
_FILE_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class SiteData:
    """Where a site's data lives: the database, public media and encrypted uploads."""

    database: DatabaseTarget
    media_root: Path
    encrypted_dir: Path


def site_data_configured(alias: str = "default") -> SiteData:
    """This site's own (the settings'; in tests, the test database)."""
    return SiteData(
        database=DatabaseTarget(dict(connections[alias].settings_dict)),
        media_root=Path(settings.MEDIA_ROOT),
        encrypted_dir=encrypted_files_dir(),
    )


def _quiet(message: str) -> None:
    return None


# --- keys, recipients, identities --------------------------------------------------------------


def _field_key_patterns() -> tuple[tuple[bytes, ...], Path | None]:
    """The configured field keys as they could appear in a file (text and raw bytes), read
    without creating a key file; and the key file's path, if there is one."""
    keys = [key.strip() for key in (settings.CANDLE_FIELD_KEYS or "").split(",") if key.strip()]
    key_file = Path(settings.CANDLE_FIELD_KEY_FILE) if settings.CANDLE_FIELD_KEY_FILE else None
    if key_file is not None and key_file.is_file():
        text = key_file.read_text()
        keys += [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    patterns: list[bytes] = []
    for key in keys:
        patterns.append(key.encode())
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except (binascii.Error, ValueError):
            continue
        patterns += [raw, raw[:16], raw[16:]] if len(raw) == 32 else [raw]
    return tuple(pattern for pattern in patterns if len(pattern) >= 16), key_file


def backup_recipients(text: str) -> list:
    """``CANDLE_BACKUP_RECIPIENT``: one or more age public keys (``age1…``), comma-separated."""
    recipients = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            recipients.append(pyrage.x25519.Recipient.from_str(item))
        except pyrage.RecipientError:
            raise CommandError(
                "CANDLE_BACKUP_RECIPIENT holds something that is not an age public key "
                "(age1…). Make a key pair with `age-keygen -o backup-key.txt` (or "
                "`manage.py backup_keygen`) and give its public key."
            ) from None
    if not recipients:
        raise CommandError(
            "No recipient: set CANDLE_BACKUP_RECIPIENT to the age public key (age1…) the "
            "archives are encrypted to. Its private key stays off this machine."
        )
    return recipients


def backup_identities(path: Path) -> list:
    try:
        text = path.read_text()
    except OSError as error:
        raise CommandError(f"Cannot read the identity file {path}: {error.strerror}.") from None
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise CommandError(f"{path} holds a damaged age secret key.") from None
    if not identities:
        raise CommandError(f"{path} holds no age secret key (a line AGE-SECRET-KEY-1…).")
    return identities


# --- what goes in ------------------------------------------------------------------------------


def _git_revision() -> str:
    if os.environ.get("CANDLE_GIT_REVISION"):
        return os.environ["CANDLE_GIT_REVISION"]
    try:
        result = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def _migrations_applied(alias: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _files_under(root: Path, skip: set[Path]) -> list[tuple[str, Path]]:
    """(relative posix path, path) of every regular file under ``root``, symlinks left out."""
    if not root.is_dir():
        return []
    found = []
    for directory, directories, files in os.walk(root):
        here = Path(directory)
        directories[:] = sorted(d for d in directories if (here / d).resolve() not in skip)
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            found.append((path.relative_to(root).as_posix(), path))
    return found


def backup_create(
    *,
    output: Path,
    recipients: list,
    source: SiteData | None = None,
    progress: Progress = _quiet,
) -> dict:
    """Write an encrypted archive of ``source`` (this site's data) to ``output``; returns the
    manifest. The file appears under its name only when complete (mode 600)."""
    source = source or site_data_configured()
    patterns, key_file = _field_key_patterns()
    skip = {source.encrypted_dir.resolve()}  # never twice, if it is inside MEDIA_ROOT
    if key_file is not None:
        skip.add(key_file.resolve())
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="candle-backup-") as scratch:
        scratch_dir = Path(scratch)  # mode 700
        vendor = source.database.vendor
        dump = scratch_dir / ("candle.sqlite3" if vendor == "sqlite" else "candle.pgdump")
        progress(f"Database ({vendor})…")
        if vendor == "sqlite":
            connection = connections["default"]
            if connection.settings_dict["NAME"] != source.database.settings["NAME"]:
                raise CommandError("A SQLite backup is made of the site's own database.")
            connection.ensure_connection()
            database.sqlite_dump(connection.connection, dump, progress)
            counts = database.sqlite_row_counts(dump)
        else:
            counts = database.pg_dump(source.database, dump, progress)
        progress(f"  {len(counts)} tables, {sum(counts.values())} rows")

        tar_path = scratch_dir / "archive.tar.gz"
        writer = ArchiveWriter(tar_path, forbidden=patterns)
        writer.add_file(f"database/{dump.name}", dump)
        dump.unlink()
        for label, root in (
            ("media", source.media_root),
            ("encrypted-files", source.encrypted_dir),
        ):
            files = _files_under(root, skip - {root.resolve()})
            progress(f"Files: {label} ({len(files)} files)…")
            for number, (relative, path) in enumerate(files, start=1):
                writer.add_file(f"{label}/{relative}", path)
                if number % _FILE_PROGRESS_EVERY == 0:
                    progress(f"  {label}: {number}/{len(files)}")
        manifest = {
            "format": FORMAT,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "created_ts": int(time.time()),
            "candle": {
                "git_revision": _git_revision(),
                "migrations": _migrations_applied(),
            },
            "database": {"vendor": vendor, "member": f"database/{dump.name}"},
            "tables": counts,
        }
        writer.close(manifest)  # refuses (and nothing is encrypted) if a key was found
        progress(f"Encrypting for {len(recipients)} recipient(s)…")
        output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(descriptor)
        try:
            pyrage.encrypt_file(str(tar_path), str(partial), recipients)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    manifest["members"] = writer.members
    progress(
        f"Done: {output} ({output.stat().st_size:,} bytes, {len(writer.members)} members, "
        f"{time.monotonic() - started:.1f} s)"
    )
    return manifest


# --- restore -----------------------------------------------------------------------------------


def _has_files(root: Path) -> bool:
    return root.is_dir() and any(path.is_file() for path in root.rglob("*"))


def restore_target_problems(target: SiteData) -> list[str]:
    """Why ``target`` may not be restored into (empty list: it may)."""
    problems = []
    if target.database.vendor == "sqlite":
        if not database.sqlite_is_empty(target.database.sqlite_path):
            problems.append(f"the database {target.database.sqlite_path} already has tables")
    elif not database.pg_is_empty(target.database):
        problems.append(f"the database {target.database.settings['NAME']} already has tables")
    for root in (target.media_root, target.encrypted_dir):
        if _has_files(root):
            problems.append(f"{root} already holds files")
    return problems


def _write_member(handle, destination: Path, *, private: bool) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o755)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    descriptor = os.open(destination, flags, 0o600 if private else 0o644)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(handle, out, 1 << 20)


def _migration_note(archived: list[str]) -> str:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(archived) - known)
    missing = sorted(known - set(archived))
    if unknown:
        return (
            f"The archive was made by newer code ({len(unknown)} migrations this checkout does "
            f"not have, e.g. {unknown[0]}): check out that revision before opening the site."
        )
    if missing:
        return f"{len(missing)} migrations are newer than the archive: run manage.py migrate."
    return "The migrations match this checkout."


def backup_restore(
    *,
    archive: Path,
    identities: list,
    target: SiteData | None = None,
    progress: Progress = _quiet,
) -> dict:
    """Restore ``archive`` into ``target`` (this site's data), which must be empty. The whole
    archive is decrypted and checked against its manifest before anything is written; the
    row counts are compared after. Returns the manifest."""
    target = target or site_data_configured()
    if not archive.is_file():
        raise CommandError(f"No archive at {archive}.")
    problems = restore_target_problems(target)
    if problems:
        raise CommandError(
            "Refused: the target is not empty (" + "; ".join(problems) + "). Restore into an "
            "empty database and empty media directories; nothing was changed."
        )
    with tempfile.TemporaryDirectory(prefix="candle-restore-") as scratch:
        scratch_dir = Path(scratch)
        tar_path = scratch_dir / "archive.tar.gz"
        progress("Decrypting…")
        try:
            pyrage.decrypt_file(str(archive), str(tar_path), identities)
        except (pyrage.DecryptError, OSError) as error:
            # A wrong key fails on the header (DecryptError); an altered or cut payload fails
            # its authentication tag while streaming (OSError "decryption error").
            raise ArchiveRefused(
                f"The archive cannot be decrypted ({error}): it was made for another key, or "
                "it is damaged or was altered. Nothing was restored."
            ) from None
        progress("Checking every member against the manifest…")
        manifest = archive_manifest_verified(tar_path)
        vendor = manifest["database"]["vendor"]
        if vendor != target.database.vendor:
            raise ArchiveRefused(
                f"The archive holds a {vendor} database; the target is "
                f"{target.database.vendor}. Nothing was restored."
            )
        connections["default"].close()
        files = 0
        for name, handle in archive_members(tar_path):
            top, _, relative = name.partition("/")
            if top == "database":
                dump = scratch_dir / Path(relative).name
                _write_member(handle, dump, private=True)
                if vendor == "sqlite":
                    database.sqlite_restore(dump, target.database.sqlite_path, progress)
                else:
                    database.pg_restore(dump, target.database, progress)
                dump.unlink()
                continue
            root = target.media_root if top == "media" else target.encrypted_dir
            _write_member(handle, root / relative, private=top == "encrypted-files")
            files += 1
            if files % _FILE_PROGRESS_EVERY == 0:
                progress(f"  files: {files}")
        progress(f"Files: {files} written")
    progress("Comparing row counts with the manifest…")
    if vendor == "sqlite":
        counts = database.sqlite_row_counts(target.database.sqlite_path)
    else:
        counts = database.pg_row_counts(target.database)
    differing = sorted(
        table
        for table in set(counts) | set(manifest["tables"])
        if counts.get(table) != manifest["tables"].get(table)
    )
    if differing:
        raise CommandError(
            "The restored database differs from the manifest in "
            + ", ".join(differing[:10])
            + ". Do not open the site on it; restore again into an empty target."
        )
    progress(
        f"Restored {len(counts)} tables and {files} files. {_migration_note(manifest['candle']['migrations'])}"
    )
    return manifest
