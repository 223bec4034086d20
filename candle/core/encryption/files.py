"""Files encrypted at rest: uploads whose bytes on disk are a Fernet token of the field keys.

For casework's documents and anything else a person could be harmed by if the disk, a backup
or a misconfigured web server gave it away. The storage keeps its files outside MEDIA_ROOT
(``CANDLE_VAR_DIR/encrypted-files`` unless ``CANDLE_ENCRYPTED_FILES_DIR`` is set), created 600
in directories 700, so nginx has nothing to serve; ``url()`` refuses. A file is read back only
through ``encrypted_file_response`` from a view that has checked the user may read it.

Fernet encrypts a whole message at once, so a file is read into memory to be encrypted or
decrypted: fine for documents of the upload limit (``candle.core.uploads``), not for video.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse

from .keys import field_cipher, field_decrypt_bytes, field_encrypt_bytes, field_rotate_bytes


def encrypted_files_dir() -> Path:
    configured = getattr(settings, "CANDLE_ENCRYPTED_FILES_DIR", "")
    return Path(configured) if configured else Path(settings.CANDLE_VAR_DIR) / "encrypted-files"


class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that encrypts on save and decrypts on open, with no URL."""

    def __init__(self, location=None):
        super().__init__(
            location=location, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self):  # read at each use: tests and deployments move it
        return self._location or str(encrypted_files_dir())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        content.seek(0)
        token = field_encrypt_bytes(content.read())
        return super()._save(name, ContentFile(token))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written with save(), never opened to write.")
        with super()._open(name, "rb") as handle:
            plaintext = field_decrypt_bytes(handle.read())
        return ContentFile(plaintext, name=name)

    def size(self, name):
        with self._open(name) as handle:
            return len(handle.read())

    def url(self, name):
        raise ValueError("Encrypted files have no URL: serve them with encrypted_file_response.")

    def raw_bytes(self, name) -> bytes:
        """What is on disk (the token): for rotation and for tests that it is not the plaintext."""
        return Path(self.path(name)).read_bytes()

    def rotate(self, name, cipher=None) -> None:
        """Re-encrypt the file with the newest key, replacing it in one step (never half)."""
        token = field_rotate_bytes(self.raw_bytes(name), cipher or field_cipher())
        path = Path(self.path(name))
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rotate-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(token)
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


_storage: EncryptedFileSystemStorage | None = None


def encrypted_storage() -> EncryptedFileSystemStorage:
    """The one storage instance EncryptedFileField uses by default."""
    global _storage
    if _storage is None:
        _storage = EncryptedFileSystemStorage()
    return _storage


def encrypted_file_response(request, field_file, *, permission: str, filename: str = ""):
    """The decrypted file as a download, if the user holds ``permission`` (PermissionDenied
    otherwise). The caller checks row-level access first (a case's grant); this is the last
    gate, so no view can hand out a file without naming what allows it. Never cached."""
    if not request.user.is_active or not request.user.has_perm(permission):
        raise PermissionDenied
    with field_file.storage.open(field_file.name) as handle:
        data = handle.read()
    response = FileResponse(
        ContentFile(data),
        as_attachment=True,
        filename=filename or Path(field_file.name).name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
