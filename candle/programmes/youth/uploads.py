"""Checks on an applicant's file: its kind by name, its size, and its content.

The name must end in one of ``EXTENSIONS``; the first bytes must be that kind's signature
(``candle.core.uploads`` for documents, the image signatures here); and the content must not be
a polyglot: markup or script near the start of any file, a ZIP archive hidden in an image, or a
PDF carrying script, launch actions or embedded files. The file is then stored encrypted
(``ApplicationFile.file``) and only ever sent back as a download to permitted staff."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from candle.core.uploads import document_file_validate

EXTENSIONS = ("pdf", "docx", "hwp", "hwpx", "jpg", "jpeg", "png")
MAX_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_IMAGE_SIGNATURES = {"jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
_MARKUP = (b"<html", b"<script", b"<svg", b"<?php", b"<!doctype", b"<iframe", b"<body")
_PDF_ACTIVE = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile")


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _("This file does not look like a .%(ext)s file. Please check it and choose it again."),
        code="upload_mismatch",
        params={"ext": extension},
    )


def application_file_check(upload) -> str:
    """Raise ``ValidationError`` (in the reader's language) unless the upload is acceptable;
    return its content type."""
    name = (upload.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Please upload one of these kinds of file: %(kinds)s."),
            code="upload_kind",
            params={"kinds": ", ".join(EXTENSIONS)},
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="upload_size")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="upload_empty")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="upload_size")
    if extension in _IMAGE_SIGNATURES:
        if not data.startswith(_IMAGE_SIGNATURES[extension]):
            raise _mismatch(extension)
    else:
        try:
            document_file_validate(upload)
        except ValidationError:
            raise _mismatch(extension) from None
    lowered = data.lower()
    if any(marker in lowered[:4096] for marker in _MARKUP):
        raise _mismatch(extension)
    if extension in _IMAGE_SIGNATURES and b"PK\x03\x04" in data:
        raise _mismatch(extension)  # an archive hidden inside a picture
    if extension == "pdf" and any(marker in lowered for marker in _PDF_ACTIVE):
        raise ValidationError(
            _(
                "PDF files with scripts, actions or attached files are not accepted. Please save it as a plain PDF and choose it again."
            ),
            code="upload_active",
        )
    return CONTENT_TYPES[extension]


class ApplicationFileField(forms.FileField):
    """A file field whose cleaning runs the checks above (max length of the name: 200)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(f".{e}" for e in EXTENSIONS)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.candle_content_type = application_file_check(upload)
        return upload
