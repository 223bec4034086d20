"""Gifts that arrive outside the card flow: the bank's CSV statement (transfers), the CMS
automatic-debit result file (자동이체) and GlobalGiving's donation export.

Every line is keyed on its source (``StatementLine.source_ref``): importing a file twice records
nothing twice. Lines matched to a supporter become a Donation at once; the rest wait in the
review queue (``statement_line_resolve`` / ``statement_line_ignore``). ``dry_run`` does all the
work and rolls it back, so staff can see what a file would do.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Pledge, StatementLine
from .models.choices import Currency, Frequency, Method, Purpose
from .services import donation_record_offline

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
REFERENCE = re.compile(r"CDL[0-9A-F]{8}")
DUES_REFERENCE = re.compile(r"CDM[0-9A-F]{8}")

COLUMNS = {
    StatementLine.Source.BANK: {
        "date": ["거래일시", "거래일자", "거래일", "date"],
        "payer": ["의뢰인", "입금자", "내용", "보낸분", "payer"],
        "amount": ["입금액", "맡기신금액", "amount"],
        "memo": ["메모", "적요", "memo"],
        "balance": ["잔액", "거래후잔액", "balance"],
    },
    StatementLine.Source.CMS: {
        "date": ["출금일", "출금일자", "date"],
        "reference": ["회원번호", "납부자번호", "reference"],
        "payer": ["회원명", "납부자명", "name"],
        "amount": ["출금액", "출금금액", "amount"],
        "result": ["결과", "처리결과", "result"],
    },
    StatementLine.Source.GLOBALGIVING: {
        "id": ["Donation ID", "donation_id"],
        "date": ["Donation Date", "Date"],
        "amount": ["Amount", "Donation Amount"],
        "currency": ["Currency"],
        "first": ["Donor First Name", "First Name"],
        "last": ["Donor Last Name", "Last Name"],
        "email": ["Donor Email", "Email"],
        "recurring": ["Recurring"],
    },
}
REQUIRED = {
    StatementLine.Source.BANK: ["date", "payer", "amount"],
    StatementLine.Source.CMS: ["date", "reference", "amount", "result"],
    StatementLine.Source.GLOBALGIVING: ["id", "date", "amount"],
}


class StatementFileError(ValueError):
    """The file as a whole cannot be read; the message is translated and says why."""


@dataclass
class ImportResult:
    matched: int = 0
    unmatched: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        return _(
            "%(matched)d matched, %(unmatched)d left for review, %(duplicates)d already imported, "
            "%(skipped)d skipped, %(errors)d with errors"
        ) % {
            "matched": self.matched,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "errors": len(self.errors),
        }


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise StatementFileError(
            _("The file is larger than 5 MB. Split it by month and import each part.")
        )
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementFileError(
        _("The file is neither UTF-8 nor CP949 (EUC-KR) text. Save it as CSV and try again.")
    )


def _columns(source: str, header: list[str]) -> dict[str, int]:
    names = [h.strip() for h in header]
    found = {}
    for key, candidates in COLUMNS[source].items():
        for candidate in candidates:
            if candidate in names:
                found[key] = names.index(candidate)
                break
    missing = [COLUMNS[source][key][0] for key in REQUIRED[source] if key not in found]
    if missing:
        raise StatementFileError(
            _("The file lacks the column(s): %(columns)s. Is this the right kind of file?")
            % {"columns": ", ".join(missing)}
        )
    return found


def _amount(text: str) -> Decimal:
    cleaned = (text or "").replace(",", "").replace("원", "").replace("$", "").strip()
    try:
        value = Decimal(cleaned or "0")
    except InvalidOperation:
        raise ValueError(_("the amount is not a number")) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(_("the amount is not a number"))
    return value


def _date(text: str) -> dt.date:
    text = (text or "").strip()
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y.%m.%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
        "%Y-%m-%d",
        "%Y.%m.%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%m/%d/%Y",
        "%Y-%m-%dT%H:%M:%S",
    ):
        try:
            return dt.datetime.strptime(text[:19], pattern).date()
        except ValueError:
            continue
    raise ValueError(_("the date is not readable"))


def _received_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=timezone.get_current_timezone())


def _supporter_for(*, source: str, payer: str, memo: str, reference: str = ""):
    """(supporter, pledge) or (None, None). A pledge reference wins; otherwise a payer name that
    belongs to exactly one supporter with a bank or CMS pledge."""
    references = REFERENCE.findall(f"{reference} {memo} {payer}".upper())
    if reference and not references:
        references = [reference.strip().upper()]
    for ref in references:
        pledge = Pledge.objects.select_related("supporter").filter(reference=ref).first()
        if pledge is not None and not pledge.supporter.is_anonymised:
            return pledge.supporter, pledge
    if source == StatementLine.Source.BANK and payer:
        pledges = list(
            Pledge.objects.select_related("supporter")
            .filter(
                method__in=[Method.BANK_TRANSFER, Method.CMS],
                supporter__name=payer.strip(),
                supporter__anonymised_at__isnull=True,
            )
            .exclude(status=Pledge.Status.CANCELLED)[:2]
        )
        if len({p.supporter_id for p in pledges}) == 1:
            return pledges[0].supporter, pledges[0]
    return None, None


def statement_import(
    *, source: str, data: bytes, file_name: str = "", dry_run: bool = True
) -> ImportResult:
    """Import one file. Raises StatementFileError when the file cannot be read at all; bad
    lines are reported in ``errors`` with their line number and the rest is imported."""
    if source not in StatementLine.Source.values:
        raise StatementFileError(_("Unknown kind of file."))
    text = _decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise StatementFileError(_("The file is not a readable CSV file.")) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise StatementFileError(_("The file is empty."))
    if len(rows) > MAX_ROWS:
        raise StatementFileError(
            _("The file has more than 50,000 lines. Split it and import each part.")
        )
    columns = _columns(source, rows[0])
    result = ImportResult(dry_run=dry_run)
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, row in enumerate(rows[1:], start=2):
            try:
                _import_row(
                    source=source,
                    row=row,
                    columns=columns,
                    file_name=file_name,
                    seen=seen,
                    result=result,
                )
            except (ValueError, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                result.errors.append((number, message))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _import_row(*, source, row, columns, file_name, seen, result: ImportResult) -> None:
    get = lambda key: _cell(row, columns, key)  # noqa: E731
    day = _date(get("date"))
    amount = _amount(get("amount"))
    currency = Currency.KRW
    payer, email, memo, reference = get("payer"), "", get("memo"), ""
    if source == StatementLine.Source.BANK:
        if amount <= 0:  # withdrawals and zero lines are not gifts
            result.skipped += 1
            return
        key = "|".join([get("date"), payer, str(amount), get("balance"), memo])
    elif source == StatementLine.Source.CMS:
        if not any(word in get("result") for word in ("성공", "정상", "success", "OK")):
            result.skipped += 1  # a failed debit is not money received
            return
        reference = get("reference")
        key = "|".join([get("date"), reference, str(amount)])
    else:
        currency_text = (get("currency") or "USD").upper()
        if currency_text not in Currency.values:
            raise ValueError(
                _("the currency %(currency)s is not accepted") % {"currency": currency_text[:5]}
            )
        currency = Currency(currency_text)
        payer = " ".join(part for part in (get("first"), get("last")) if part)
        email = get("email")
        key = get("id")
        if not key:
            raise ValueError(_("the donation id is missing"))
    if amount <= 0:
        raise ValueError(_("the amount must be more than zero"))
    if source != StatementLine.Source.GLOBALGIVING:
        # Identical lines (same person, same amount, same minute) count in order within a file.
        seen[key] = seen.get(key, 0) + 1
        key = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:40]
    source_ref = f"{source}:{key}"[:160]
    if StatementLine.objects.filter(source_ref=source_ref).exists():
        result.duplicates += 1
        return
    line = StatementLine.objects.create(
        source=source,
        source_ref=source_ref,
        file_name=file_name[:255],
        occurred_on=day,
        amount=amount,
        currency=currency,
        payer_name=payer[:200],
        payer_email=email[:254],
        memo=(memo or reference)[:300],
    )
    supporter, pledge = None, None
    if source == StatementLine.Source.GLOBALGIVING and email:
        from candle.supporters.services import supporter_get_or_create

        try:
            supporter = supporter_get_or_create(
                email=email, name=payer or email.split("@")[0], locale="en"
            )
        except ValidationError:
            supporter = None
    else:
        membership = _membership_for(payer=payer, memo=memo, reference=reference)
        if membership is not None:
            _line_to_donation(line=line, supporter=membership.supporter, membership=membership)
            result.matched += 1
            return
        supporter, pledge = _supporter_for(
            source=source, payer=payer, memo=memo, reference=reference
        )
    if supporter is None:
        result.unmatched += 1
        return
    _line_to_donation(line=line, supporter=supporter, pledge=pledge, recurring=get("recurring"))
    result.matched += 1


_METHOD = {
    StatementLine.Source.BANK: Method.BANK_TRANSFER,
    StatementLine.Source.CMS: Method.CMS,
    StatementLine.Source.GLOBALGIVING: Method.GLOBALGIVING,
}


def _membership_for(*, payer: str, memo: str, reference: str):
    """The membership whose dues reference (CDM…) the line carries, if any."""
    from candle.supporters.models import Membership

    for ref in DUES_REFERENCE.findall(f"{reference} {memo} {payer}".upper()):
        membership = (
            Membership.objects.select_related("supporter")
            .filter(dues_reference=ref, supporter__anonymised_at__isnull=True)
            .first()
        )
        if membership is not None:
            return membership
    return None


def _line_to_donation(
    *,
    line: StatementLine,
    supporter,
    pledge=None,
    recurring: str = "",
    resolved_by: str = "",
    membership=None,
):
    monthly = pledge is not None or recurring.strip().lower() in {"yes", "true", "1", "monthly"}
    if membership is not None:
        monthly, pledge = False, None
    donation, _created = donation_record_offline(
        supporter=supporter,
        amount=line.amount,
        currency=line.currency,
        method=_METHOD[line.source],
        received_at=_received_at(line.occurred_on),
        source_ref=line.source_ref,
        pledge=pledge,
        campaign=pledge.campaign if pledge else None,
        frequency=Frequency.MONTHLY if monthly else Frequency.ONE_OFF,
        receipt_requested=bool(pledge and pledge.receipt_requested),
        purpose=Purpose.DUES if membership is not None else Purpose.GIFT,
        membership=membership,
    )
    line.donation, line.status, line.resolved_by = (
        donation,
        StatementLine.Status.MATCHED,
        resolved_by[:150],
    )
    line.save(update_fields=["donation", "status", "resolved_by"])
    return donation


def statement_line_resolve(*, line: StatementLine, supporter, resolved_by: str = ""):
    """Staff say whose gift an unmatched line is: it becomes that supporter's Donation."""
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if line.status == StatementLine.Status.MATCHED:
            return line.donation
        if supporter.is_anonymised:
            raise ValidationError(_("This supporter has been anonymised."))
        pledge = (
            Pledge.objects.filter(
                supporter=supporter, method__in=[Method.BANK_TRANSFER, Method.CMS]
            )
            .exclude(status=Pledge.Status.CANCELLED)
            .first()
            if line.source != StatementLine.Source.GLOBALGIVING
            else None
        )
        return _line_to_donation(
            line=line, supporter=supporter, pledge=pledge, resolved_by=resolved_by
        )


def statement_line_ignore(*, line: StatementLine, resolved_by: str = "") -> StatementLine:
    """Not a gift (a refund, an internal transfer): leave it out of the books, keep the line."""
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if line.status == StatementLine.Status.UNMATCHED:
            line.status, line.resolved_by = StatementLine.Status.IGNORED, resolved_by[:150]
            line.save(update_fields=["status", "resolved_by"])
    return line
