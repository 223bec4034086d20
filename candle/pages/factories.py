"""Test data for the public site. Pages are made through ``candle.pages.services`` so tests
build them the way editors, importers and the demo loader do; files are made here.

Everything is visibly fictional (김가명, Jane Example)."""

import datetime
import io

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone

from candle.core.models import CandleDocument, CandleImage

from . import services
from .models import (
    BoardPage,
    Category,
    PostPage,
    ReportIndexPage,
    ReportPage,
    ReportTopic,
    WorkArea,
)


def pdf_bytes(text: str = "Candle test document") -> bytes:
    """A small, valid one-page PDF that says ``text`` (ASCII only)."""
    safe = text.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


class CandleImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = CandleImage

    title = factory.Sequence(lambda n: f"Test image {n}")
    description = factory.Sequence(lambda n: f"A candle burning on a table, picture {n}")
    file = factory.django.ImageField(width=640, height=400, color="#e0892b", format="PNG")


class CandleDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandleDocument

    title = factory.Sequence(lambda n: f"Test document {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(pdf_bytes(o.title), name=f"{o.title.replace(' ', '-')}.pdf")
    )
    text_status = CandleDocument.TextStatus.PENDING


def post_make(
    board: BoardPage,
    *,
    title: str = "활동 소식",
    days_ago: int = 0,
    date: datetime.datetime | None = None,
    **kwargs,
) -> PostPage:
    """A post on ``board`` dated ``days_ago`` days back (or at ``date``), made by ``post_create``."""
    when = date or (timezone.now() - datetime.timedelta(days=days_ago))
    kwargs.setdefault("summary", f"{title} — 요약")
    kwargs.setdefault("byline", "김가명")
    return services.post_create(board=board, title=title, date=when, **kwargs)


def posts_make(board: BoardPage, count: int, *, prefix: str = "Post", **kwargs) -> list[PostPage]:
    """``count`` posts on ``board``, one a day going back from today (the first is newest)."""
    return [
        post_make(board, title=f"{prefix} {number:03d}", days_ago=number, **kwargs)
        for number in range(count)
    ]


def report_make(
    library: ReportIndexPage,
    *,
    slug: str,
    year: int = 2023,
    document_language: str = ReportPage.Language.KOREAN,
    topics: tuple[str, ...] = (),
    title: str | None = None,
    publish: bool = True,
) -> ReportPage:
    return services.report_create(
        library=library,
        slug=slug,
        title=title or f"Report {slug}",
        year=year,
        abstract="<p>Findings from interviews with people who left North Korea (all names changed).</p>",
        pdf=CandleDocumentFactory(title=f"report {slug}"),
        document_language=document_language,
        authors="Jane Example",
        topics=list(ReportTopic.objects.filter(slug__in=topics)),
        publish=publish,
    )


def work_area(slug: str) -> WorkArea:
    return WorkArea.objects.get(slug=slug)


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)
