"""Uploads are limited to documents and images, by type and size, with a clear message in the
editor's language; nothing is stored when a file is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents.forms import get_document_form
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from candle.core.models import CandleDocument, CandleImage
from candle.pages.factories import pdf_bytes

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _document_form(name: str, content: bytes, title: str = "A file"):
    form_class = get_document_form(CandleDocument)
    collection = Collection.get_first_root_node()
    return form_class(
        data={"title": title, "collection": collection.pk},
        files={"file": SimpleUploadedFile(name, content)},
    )


def _image_form(name: str, content: bytes):
    form_class = get_image_form(CandleImage)
    collection = Collection.get_first_root_node()
    return form_class(
        data={"title": "An image", "collection": collection.pk, "description": "A candle"},
        files={"file": SimpleUploadedFile(name, content)},
    )


def _file_errors(form) -> str:
    assert not form.is_valid()
    return " ".join(str(error) for error in form.errors.get("file", []))


def test_a_real_pdf_is_accepted(db):
    form = _document_form("report.pdf", pdf_bytes("fine"))
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.file_extension == "pdf"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This file does not look like a .pdf file"),
        ("ko", "이 파일은 .pdf 파일이 아닌 것 같습니다"),
    ],
)
def test_html_named_pdf_is_refused_with_a_clear_message(db, language, message):
    with translation.override(language):
        errors = _file_errors(_document_form("report.pdf", HTML))
    assert message in errors
    assert CandleDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", HTML),
        ("figures.csv", b"a,b\n<script>alert(1)</script>\n"),
        ("sheet.xlsx", b"not a zip at all"),
        ("paper.hwp", b"%PDF-1.4 pretending"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(db, name, content):
    with translation.override("en"):
        errors = _file_errors(_document_form(name, content))
    assert "may not contain HTML" in errors or "does not look like" in errors


@pytest.mark.parametrize(
    "name", ["virus.exe", "page.html", "script.js", "image.svg", "no-extension"]
)
def test_wrong_extension_is_refused(db, name):
    with translation.override("en"):
        errors = _file_errors(_document_form(name, pdf_bytes()))
    assert errors  # Django's "File extension … is not allowed" or the type check
    with translation.override("ko"):
        errors_ko = _file_errors(_document_form(name, pdf_bytes()))
    assert errors_ko != errors  # said in Korean too
    assert CandleDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "message"), [("en", "This file is too big"), ("ko", "너무 큽니다")]
)
def test_oversized_document_is_refused(db, settings, language, message):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    with translation.override(language):
        errors = _file_errors(_document_form("big.pdf", pdf_bytes() + b"%" * 2048))
    assert message in errors


def test_image_that_is_not_an_image_is_refused(db):
    with translation.override("en"):
        errors = _file_errors(_image_form("photo.png", HTML))
    assert errors
    assert CandleImage.objects.count() == 0


def test_svg_image_is_refused(db):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    with translation.override("en"):
        errors = _file_errors(_image_form("logo.svg", svg))
    assert errors


def test_oversized_image_is_refused(db, settings):
    from candle.pages.factories import CandleImageFactory

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    image_bytes = CandleImageFactory.build().file.read()
    with translation.override("en"):
        errors = _file_errors(_image_form("photo.png", image_bytes))
    assert "too big" in errors


def test_image_alt_text_is_required(db):
    from candle.pages.factories import CandleImageFactory

    form_class = get_image_form(CandleImage)
    image_bytes = CandleImageFactory.build().file.read()
    form = form_class(
        data={
            "title": "No alt",
            "collection": Collection.get_first_root_node().pk,
            "description": "",
        },
        files={"file": SimpleUploadedFile("photo.png", image_bytes)},
    )
    assert not form.is_valid()
    assert "description" in form.errors
