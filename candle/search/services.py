"""Writes for search: document text extraction and reindexing what a change affects."""

from __future__ import annotations

import logging
import warnings

from django.db import transaction
from wagtail.search import index

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 2_000
MAX_TEXT_CHARS = 2_000_000  # stored; the analyser indexes the first MAX_ANALYSED_CHARS of it
MIN_TEXT_CHARS = 20  # fewer real characters than this: a scanned (image-only) PDF
PLAIN_TEXT_EXTENSIONS = {"txt", "md", "csv"}


def _pdf_text(file) -> str:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # malformed PDFs warn a lot; a failure raises below
        reader = PdfReader(file)
        if reader.is_encrypted:
            reader.decrypt("")  # PDFs "protected" with an empty password still open
        parts, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_TEXT_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
    return "\n".join(parts)


def document_text_extract(*, document_id: int) -> str | None:
    """Read the text of a document into ``text`` and set ``text_status``; reindex the pages
    that show it. Returns the new status (None if the document no longer exists)."""
    from candle.core.models import CandleDocument

    Status = CandleDocument.TextStatus
    document = CandleDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    extension = (document.file_extension or "").lower()
    text, status = "", Status.NOT_APPLICABLE
    try:
        if extension == "pdf":
            with document.open_file() as file:
                text = _pdf_text(file)
            status = Status.DONE if len("".join(text.split())) >= MIN_TEXT_CHARS else Status.NO_TEXT
        elif extension in PLAIN_TEXT_EXTENSIONS:
            with document.open_file() as file:
                text = file.read(MAX_TEXT_CHARS * 4).decode("utf-8", errors="replace")
            status = Status.DONE if text.strip() else Status.NO_TEXT
    except Exception:  # a broken or hostile file must not stop the queue; the status says so
        logger.warning("Could not read the text of document %s", document_id, exc_info=True)
        text, status = "", Status.FAILED
    text = text.replace("\x00", "")[:MAX_TEXT_CHARS]
    if status != Status.DONE:
        text = ""
    CandleDocument.objects.filter(pk=document_id).update(text=text, text_status=status)
    pages_reindex_for_document(document_id=document_id)
    return status


def pages_reindex_for_document(*, document_id: int) -> int:
    """Reindex every page that carries the document (post attachments, report PDFs)."""
    from candle.pages.models import PostPage, ReportPage

    pages = [
        *PostPage.objects.filter(attachments__document_id=document_id).distinct(),
        *ReportPage.objects.filter(pdf_id=document_id),
    ]
    for page in pages:
        index.insert_or_update_object(page)
    return len(pages)


def pages_matching(*, word: str) -> list[int]:
    """Ids of every page (live or not) the index finds for ``word`` right now."""
    from wagtail.models import Page

    return (
        list(
            Page.objects.search(word, order_by_relevance=False)
            .get_queryset()
            .values_list("pk", flat=True)
        )
        if word
        else []
    )


def pages_reindex(*, page_ids: list[int]) -> int:
    from wagtail.models import Page

    count = 0
    for page in Page.objects.filter(pk__in=page_ids).specific().iterator(chunk_size=200):
        index.insert_or_update_object(page)
        count += 1
    return count


def analyser_warm() -> None:
    """Make this process's analyser ready to serve before a server forks its workers from it:
    the user dictionary loaded into Kiwi and Kiwi's first analysis with those words paid (a
    Kiwi rebuilds itself on its first analysis after words are added). A worker forked
    afterwards has nothing left to load on its first search (it paid 0.6 s). A database that
    does not answer leaves the dictionary to the workers' first searches."""
    from .analysis import kiwi_get, kiwi_preload
    from .dictionary import user_dictionary_refresh

    kiwi_preload()  # already done by SearchConfig.ready() where CANDLE_SEARCH_PRELOAD_KIWI
    user_dictionary_refresh(force=True)
    kiwi_get().tokenize("북한인권 보고서를 읽었습니다.")


def user_word_changed(*, before: list[int], word: str) -> None:
    """After a dictionary word is saved or deleted: load the new dictionary here, and reindex
    the pages that matched the word before the change and those that match it after."""
    from .dictionary import user_dictionary_refresh
    from .tasks import user_word_reindex

    def enqueue():
        user_dictionary_refresh(force=True)
        user_word_reindex.enqueue(page_ids=sorted(before), word=word)

    transaction.on_commit(enqueue)
