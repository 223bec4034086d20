"""The archive: a gzip'd tar of the database copy, the media files and a manifest, encrypted
with age (``pyrage``) to one or more recipients.

Members::

    database/candle.sqlite3 | database/candle.pgdump
    media/<path>                  public uploads, as they are on disk
    encrypted-files/<path>        private uploads, as they are on disk (Fernet tokens)
    manifest.json                 last: every other member's size and SHA-256, row counts…

The tar is written (and read back) in a private temporary directory (mode 700) and removed
at once; only the encrypted file is left. age authenticates what it decrypts, so a damaged
or altered archive fails to decrypt; the manifest is then checked member by member before
anything is written to the target. The age recipient is a public key: anyone holding it can
make an archive that decrypts, so keep archives where only the organisation writes.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.management.base import CommandError

MANIFEST = "manifest.json"
FORMAT = 1
TOP_LEVEL = ("database", "media", "encrypted-files")
_CHUNK = 1 << 20


class ArchiveRefused(CommandError):
    """The archive is not one this code may restore (damaged, altered, other format)."""


class _Reader:
    """A file wrapper that hashes what passes through it and looks for forbidden bytes."""

    def __init__(self, handle, forbidden: tuple[bytes, ...]):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0
        self.forbidden = forbidden
        self._tail = b""
        self.found_forbidden = False

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        if self.forbidden and data:
            window = self._tail + data
            if any(pattern in window for pattern in self.forbidden):
                self.found_forbidden = True
            longest = max(len(pattern) for pattern in self.forbidden)
            self._tail = window[-(longest - 1) :] if longest > 1 else b""
        return data


@dataclass
class ArchiveWriter:
    """Adds members to a tar.gz, recording each one's size and SHA-256 for the manifest.

    ``forbidden``: byte strings (the field keys) that must appear in no member; if one does,
    ``close`` refuses and the caller deletes the tar."""

    path: Path
    forbidden: tuple[bytes, ...] = ()
    members: dict[str, dict] = field(default_factory=dict)
    leaked: list[str] = field(default_factory=list)

    def __post_init__(self):
        self._tar = tarfile.open(self.path, "w:gz", compresslevel=6)  # noqa: SIM115

    def add_file(self, name: str, source: Path) -> None:
        info = tarfile.TarInfo(name)
        stat = source.stat()
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        with source.open("rb") as handle:
            reader = _Reader(handle, self.forbidden)
            self._tar.addfile(info, reader)
        if reader.size != info.size:  # tarfile would have failed on a short read; be sure
            raise CommandError(f"{source} changed size while it was being read; run it again.")
        if reader.found_forbidden:
            self.leaked.append(name)
        self.members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "members": dict(sorted(self.members.items()))}
        data = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(manifest.get("created_ts", 0))
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        if self.leaked:
            raise CommandError(
                "A field encryption key was found in the backup ("
                + ", ".join(self.leaked)
                + "): the archive was not written. Move the key file out of the media and "
                "database (CANDLE_FIELD_KEY_FILE) and run the backup again."
            )


def _member_name_checked(name: str) -> str:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or (name != MANIFEST and path.parts[0] not in TOP_LEVEL)
    ):
        raise ArchiveRefused(f"The archive holds an unexpected member {name!r}: refused.")
    return name


def _regular_members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for info in tar:
        if not info.isfile():
            raise ArchiveRefused(
                f"The archive holds {info.name!r}, which is not a plain file: refused."
            )
        _member_name_checked(info.name)
        yield info


def archive_manifest_verified(tar_path: Path) -> dict:
    """Read the manifest and check every member against it; raise ``ArchiveRefused`` on any
    difference (missing, extra, other size or checksum). Nothing is written."""
    try:
        with tarfile.open(tar_path, "r:gz") as tar:
            seen: dict[str, dict] = {}
            manifest = None
            for info in _regular_members(tar):
                handle = tar.extractfile(info)
                if info.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    continue
                digest, size = hashlib.sha256(), 0
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                if info.name in seen:
                    raise ArchiveRefused(f"The archive holds {info.name!r} twice: refused.")
                seen[info.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as error:
        raise ArchiveRefused(f"The archive's contents cannot be read ({error}): refused.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused("The archive has no manifest this version of Candle reads: refused.")
    listed = manifest.get("members") or {}
    problems = sorted(set(listed) ^ set(seen))
    problems += sorted(name for name in set(listed) & set(seen) if listed[name] != seen[name])
    if problems:
        raise ArchiveRefused(
            "The archive does not match its manifest (altered or damaged): "
            + ", ".join(problems[:10])
            + (" …" if len(problems) > 10 else "")
            + ". Nothing was restored."
        )
    return manifest


def archive_members(tar_path: Path) -> Iterator[tuple[str, object]]:
    """(name, readable file) for every member but the manifest, in archive order."""
    with tarfile.open(tar_path, "r:gz") as tar:
        for info in _regular_members(tar):
            if info.name != MANIFEST:
                yield info.name, tar.extractfile(info)
