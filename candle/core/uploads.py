"""Checks that an uploaded file is what its name says, before Wagtail stores it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The first bytes of each document type we accept. Text formats have no signature.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "hwpx": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
}
_TEXT_EXTENSIONS = {"txt", "csv"}


def document_file_validate(file) -> None:
    """Reject a document whose content does not match its extension (e.g. HTML named .pdf)."""
    name = (getattr(file, "name", "") or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(2048)
    finally:
        file.seek(position)
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    if extension in _SIGNATURES:
        if not head.startswith(_SIGNATURES[extension]):
            raise ValidationError(
                _(
                    "This file does not look like a .%(ext)s file. Please check it and upload it again."
                ),
                code="document_mismatch",
                params={"ext": extension},
            )
    elif extension in _TEXT_EXTENSIONS:
        lowered = head.lower()
        if b"<script" in lowered or b"<html" in lowered or b"\x00" in head:
            raise ValidationError(
                _("A text file may not contain HTML, scripts or binary data."),
                code="document_mismatch",
            )
