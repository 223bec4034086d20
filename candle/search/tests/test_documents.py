"""Text extraction from uploaded documents, and the pages that show them becoming findable."""

import pytest
from django.core.files.base import ContentFile

from candle.core.models import CandleDocument
from candle.pages.models import PostPage, ReportPage

from .pdfs import pdf_bytes

pytestmark = pytest.mark.django_db
Status = CandleDocument.TextStatus


def _document(name: str, data: bytes, capture) -> CandleDocument:
    with capture(execute=True):
        document = CandleDocument(title=name)
        document.file.save(name, ContentFile(data), save=False)
        document.save()
    document.refresh_from_db()
    return document


def test_pdf_text_is_extracted_when_uploaded(django_capture_on_commit_callbacks):
    document = _document(
        "r.pdf",
        pdf_bytes(["Forced repatriation of refugees", "Hanawon 2024"]),
        django_capture_on_commit_callbacks,
    )
    assert document.text_status == Status.DONE
    assert "Forced repatriation" in document.text


def test_image_only_pdf_is_marked_as_having_no_text(django_capture_on_commit_callbacks):
    document = _document("scan.pdf", pdf_bytes(None), django_capture_on_commit_callbacks)
    assert document.text_status == Status.NO_TEXT
    assert document.text == ""


@pytest.mark.parametrize("data", [b"%PDF-1.4\nthis is not really a pdf", b"\x00" * 500, b""])
def test_broken_pdf_fails_cleanly(django_capture_on_commit_callbacks, data):
    document = _document("broken.pdf", data, django_capture_on_commit_callbacks)
    assert document.text_status in {Status.FAILED, Status.NO_TEXT}
    assert document.text == ""


def test_other_files_are_not_applicable(django_capture_on_commit_callbacks):
    document = _document("sheet.xlsx", b"PK\x03\x04rest", django_capture_on_commit_callbacks)
    assert document.text_status == Status.NOT_APPLICABLE


def test_replacing_the_file_extracts_again(django_capture_on_commit_callbacks):
    document = _document(
        "r.pdf", pdf_bytes(["first version about detention"]), django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save(
            "r2.pdf", ContentFile(pdf_bytes(["second version about abductions"])), save=False
        )
        document.file_hash = "changed"
        document.save()
    document.refresh_from_db()
    assert "abductions" in document.text and "detention" not in document.text


def test_post_and_report_are_found_by_their_pdf_text(site_tree, django_capture_on_commit_callbacks):
    from candle.pages.services import post_create, report_create

    post_pdf = _document(
        "a.pdf",
        pdf_bytes(["Testimony about the Onsong holding centre"]),
        django_capture_on_commit_callbacks,
    )
    report_pdf = _document(
        "b.pdf",
        pdf_bytes(["Annual survey of abductee families in Gangwon"]),
        django_capture_on_commit_callbacks,
    )
    post = post_create(
        board=site_tree["en"].boards["news"], title="A new testimony", attachments=[(post_pdf, "")]
    )
    report = report_create(
        library=site_tree["en"].library,
        slug="survey",
        title="Survey",
        year=2024,
        abstract="<p>Findings.</p>",
        pdf=report_pdf,
        document_language="en",
    )
    assert [p.pk for p in PostPage.objects.live().search("Onsong")] == [post.pk]
    assert [p.pk for p in ReportPage.objects.live().search("abductee Gangwon")] == [report.pk]


def test_text_arriving_later_reindexes_the_page(site_tree, django_capture_on_commit_callbacks):
    from candle.pages.services import post_create
    from candle.search.services import document_text_extract

    document = CandleDocument(title="late")
    document.file.save("late.pdf", ContentFile(pdf_bytes(["Kaechon camp survivors"])), save=False)
    document.save()  # no on_commit run: extraction has not happened yet
    post = post_create(
        board=site_tree["en"].boards["news"], title="Survivors", attachments=[(document, "")]
    )
    assert not PostPage.objects.search("Kaechon")
    assert document_text_extract(document_id=document.pk) == Status.DONE
    assert [p.pk for p in PostPage.objects.search("Kaechon")] == [post.pk]
