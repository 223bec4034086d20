"""The delivery pack: what is handed to an appeal's target. A PDF in the target's language
(Korean or English; NanumGothic embedded, so Korean names print whatever the language) and a
CSV: the appeal, the number of signatures, counts by country, then one line per signer with
name, country and, if asked, comment. E-mail addresses never appear.

Counts include every counted signature; the list of names leaves out the people who asked to
be forgotten (their rows keep only a country, see ``signatures.signatures_forget``), so a
pack built after a forget-me no longer names them while the count stays.

Built by ``tasks.delivery_pack_build_task``, which claims its row (queued → building) so a
second run does nothing, and writes its progress to the row for the admin to show.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .countries import country_name
from .models import AppealPage, DeliveryPack, Signature

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")
FONT_REGULAR = FONT_DIR / "NanumGothic.ttf"
FONT_BOLD = FONT_DIR / "NanumGothicBold.ttf"
PROGRESS_EVERY = 500
CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")

LABELS = {
    "ko": {
        "title": "서명 전달",
        "to": "받는 곳",
        "appeal": "호소문",
        "total": "서명 수",
        "by_country": "나라별 서명 수",
        "signers": "서명자",
        "country": "나라",
        "name": "이름",
        "comment": "의견",
        "forgotten": "이름 삭제를 요청한 서명자 %d명은 명단에서 빠졌고 서명 수에는 포함됩니다.",
        "built": "작성",
    },
    "en": {
        "title": "Delivery of signatures",
        "to": "To",
        "appeal": "Appeal",
        "total": "Signatures",
        "by_country": "Signatures by country",
        "signers": "Signers",
        "country": "Country",
        "name": "Name",
        "comment": "Comment",
        "forgotten": "%d signers asked to be forgotten: they are counted but not named.",
        "built": "Prepared",
    },
}


class DeliveryFontMissing(RuntimeError):
    pass


def delivery_pack_request(*, appeal: AppealPage, include_comments: bool, user) -> DeliveryPack:
    """Queue a new pack for ``appeal`` (built on commit by a task)."""
    from .tasks import delivery_pack_build_task

    with transaction.atomic():
        pack = DeliveryPack.objects.create(
            appeal=appeal, include_comments=include_comments, requested_by=user
        )
        pack_id = pack.pk
        transaction.on_commit(lambda: delivery_pack_build_task.enqueue(pack_id=pack_id))
    return pack


def _cell(value: str) -> str:
    """A spreadsheet never runs a cell as a formula."""
    return "'" + value if value.startswith(CSV_INJECTION) else value


def _rows(appeal_key) -> tuple[int, Counter, list[tuple[str, str, str]], int]:
    counted = Signature.objects.filter(appeal_key=appeal_key, counted=True)
    by_country = Counter(dict(_country_counts(counted)))
    signers = list(
        counted.filter(forgotten_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("name", "country", "comment")
    )
    total = sum(by_country.values())
    return total, by_country, signers, total - len(signers)


def _country_counts(queryset):
    from django.db.models import Count

    return queryset.values_list("country").annotate(n=Count("pk")).values_list("country", "n")


def delivery_csv(
    *, appeal: AppealPage, language: str, total: int, by_country, signers, comments: bool
) -> bytes:
    labels = LABELS[language]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([labels["appeal"], _cell(appeal.title)])
    writer.writerow([labels["to"], _cell(appeal.target_name)])
    writer.writerow([labels["total"], total])
    writer.writerow([])
    writer.writerow([labels["by_country"]])
    for code, number in sorted(by_country.items(), key=lambda item: (-item[1], item[0])):
        writer.writerow([country_name(code, language), number])
    writer.writerow([])
    header = [labels["name"], labels["country"]] + ([labels["comment"]] if comments else [])
    writer.writerow(header)
    for name, code, comment in signers:
        row = [_cell(name), country_name(code, language)]
        if comments:
            row.append(_cell(comment))
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def delivery_pdf(
    *,
    appeal: AppealPage,
    language: str,
    total: int,
    by_country,
    signers,
    comments: bool,
    forgotten: int,
    progress=None,
) -> bytes:
    from fpdf import FPDF

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    if not FONT_REGULAR.exists():
        raise DeliveryFontMissing(f"{FONT_REGULAR} is missing (Debian package fonts-nanum)")
    labels = LABELS[language]
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"{labels['title']}: {appeal.title}")
    pdf.add_font("Nanum", "", str(FONT_REGULAR))
    pdf.add_font("Nanum", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT_REGULAR))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Nanum", "B", 16)
    pdf.multi_cell(width, 9, labels["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 11)
    pdf.multi_cell(width, 7, f"{labels['appeal']}: {appeal.title}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 7, f"{labels['to']}: {appeal.target_name}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 7, f"{labels['total']}: {total:,}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        width,
        7,
        f"{labels['built']}: {timezone.localtime():%Y-%m-%d}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("Nanum", "B", 12)
    pdf.cell(width, 8, labels["by_country"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 10)
    for code, number in sorted(by_country.items(), key=lambda item: (-item[1], item[0])):
        pdf.cell(width * 0.7, 6, country_name(code, language), border="B")
        pdf.cell(
            width * 0.3, 6, f"{number:,}", border="B", align="R", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(4)
    pdf.set_font("Nanum", "B", 12)
    pdf.cell(width, 8, labels["signers"], new_x="LMARGIN", new_y="NEXT")
    if forgotten:
        pdf.set_font("Nanum", "", 9)
        pdf.multi_cell(width, 5, labels["forgotten"] % forgotten, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 10)
    for number, (name, code, comment) in enumerate(signers, start=1):
        pdf.multi_cell(
            width,
            6,
            f"{number}. {name} ({country_name(code, language)})",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if comments and comment:
            pdf.set_font("Nanum", "", 9)
            pdf.multi_cell(width, 5, f"    {comment}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Nanum", "", 10)
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    return bytes(pdf.output())


def delivery_pack_build(*, pack_id: int) -> bool:
    """Build a queued pack (the task's work). Returns whether this run built it."""
    claimed = DeliveryPack.objects.filter(pk=pack_id, status=DeliveryPack.Status.QUEUED).update(
        status=DeliveryPack.Status.BUILDING, progress=1
    )
    if not claimed:
        return False
    pack = DeliveryPack.objects.select_related("appeal").get(pk=pack_id)
    appeal = pack.appeal
    language = "ko" if appeal.target_language == "ko" else "en"
    try:
        total, by_country, signers, forgotten = _rows(appeal.translation_key)
        DeliveryPack.objects.filter(pk=pack_id).update(progress=10, signature_count=total)

        def progress(done: int) -> None:
            share = 10 + int(80 * done / max(1, len(signers)))
            DeliveryPack.objects.filter(pk=pack_id).update(progress=min(share, 90))

        pdf = delivery_pdf(
            appeal=appeal,
            language=language,
            total=total,
            by_country=by_country,
            signers=signers,
            comments=pack.include_comments,
            forgotten=forgotten,
            progress=progress,
        )
        data = delivery_csv(
            appeal=appeal,
            language=language,
            total=total,
            by_country=by_country,
            signers=signers,
            comments=pack.include_comments,
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        pack.pdf.save(f"appeal-{appeal.pk}-{stamp}.pdf", ContentFile(pdf), save=False)
        pack.csv.save(f"appeal-{appeal.pk}-{stamp}.csv", ContentFile(data), save=False)
        pack.status = DeliveryPack.Status.DONE
        pack.progress = 100
        pack.signature_count = total
        pack.finished_at = timezone.now()
        pack.save(
            update_fields=["pdf", "csv", "status", "progress", "signature_count", "finished_at"]
        )
    except Exception as error:  # the admin shows it failed; the log has the trace
        logger.exception("delivery pack failed id=%s", pack_id)
        DeliveryPack.objects.filter(pk=pack_id).update(
            status=DeliveryPack.Status.FAILED, error=type(error).__name__[:300]
        )
        return False
    logger.info("delivery pack built id=%s", pack_id)
    return True
