"""Giving's part in supporter merges and "forget me" (see candle/supporters/registry.py)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from candle.audit.rows import rows_update

from .models import Donation, DonorTaxId, Payment, Pledge, Receipt, StatementLine, TaxIdSubmission


def giving_merge(*, kept, duplicate) -> None:
    """Before the duplicate's rows move to ``kept``: keep one registration number (kept's own,
    else the duplicate's) and void the duplicate's receipt for any year kept also has one. The
    voided receipt stays, with its number, saying where it went."""
    if DonorTaxId.objects.filter(supporter=kept).exists():
        DonorTaxId.objects.filter(supporter=duplicate).delete()
    # Numbers given with the duplicate's gifts move with them; none is the kept record's own
    # "first number" any more, so a later paid one waits for staff like any other.
    rows_update(
        TaxIdSubmission.objects.filter(supporter=duplicate),
        {"new_supporter": False},
        detail="merge",
    )
    kept_years = dict(
        Receipt.objects.filter(supporter=kept, voided_at__isnull=True).values_list("year", "number")
    )
    for receipt in Receipt.objects.filter(
        supporter=duplicate, voided_at__isnull=True, year__in=kept_years
    ):
        receipt.voided_at = timezone.now()
        receipt.void_reason = f"merged; reissue {kept_years[receipt.year]}"
        receipt.save(update_fields=["voided_at", "void_reason"])


def giving_forget(*, supporter) -> None:
    """Erase what identifies the person; keep every amount in the books."""
    DonorTaxId.objects.filter(supporter=supporter).delete()
    TaxIdSubmission.objects.filter(supporter=supporter).delete()
    forget = "forget"
    rows_update(
        Payment.objects.filter(supporter=supporter).exclude(given_phone=""),
        {"given_phone": ""},
        detail=forget,
    )
    rows_update(
        Pledge.objects.filter(supporter=supporter).exclude(status=Pledge.Status.CANCELLED),
        {"status": Pledge.Status.CANCELLED, "cancelled_at": timezone.now()},
        detail=forget,
    )
    rows_update(
        Pledge.objects.filter(supporter=supporter),
        {"billing_key": "", "next_charge_on": None},
        detail=forget,
    )
    rows_update(
        Receipt.objects.filter(supporter=supporter), {"donor_name": "(anonymised)"}, detail=forget
    )
    rows_update(
        StatementLine.objects.filter(donation__supporter=supporter),
        {"payer_name": "", "payer_email": "", "memo": ""},
        detail=forget,
    )


def giving_activity(*, supporter):
    return Donation.objects.filter(supporter=supporter).aggregate(last=Max("received_at"))["last"]


def giving_books(*, supporter) -> bool:
    return Donation.objects.filter(supporter=supporter).exists()


def giving_account_section(*, request, supporter) -> str:
    """The supporter's own page: their open monthly gifts, each with a button to stop it."""
    from .selectors import pledges_open_for_supporter

    pledges = list(pledges_open_for_supporter(supporter=supporter))
    if not pledges:
        return ""
    return render_to_string("giving/account_pledges.html", {"pledges": pledges}, request=request)


ADMIN_RECORD_ROWS = 50


def giving_admin_record_section(*, request, supporter) -> str:
    """The supporter's record in the admin: their gifts (newest first, with the totals per
    currency) and monthly pledges, each linked to its own page. Only for staff who may see
    the money rows (``giving.view_donation``, the permission of the Giving lists): supporter
    staff without it are told the section exists, and see no amount, count or date."""
    from django.db.models import Count, Sum

    from .admin_viewsets import VIEW_PERMISSION
    from .selectors import donations_for_supporter, pledges_for_supporter

    if not request.user.has_perm(VIEW_PERMISSION):
        return render_to_string(
            "giving/admin/supporter_section.html", {"allowed": False}, request=request
        )
    donations = donations_for_supporter(supporter=supporter)
    totals = list(
        donations.filter(status=Donation.Status.RECEIVED)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("currency")
    )
    return render_to_string(
        "giving/admin/supporter_section.html",
        {
            "allowed": True,
            "donations": list(donations[:ADMIN_RECORD_ROWS]),
            "donation_count": sum(row["count"] for row in totals),
            "totals": totals,
            "pledges": list(pledges_for_supporter(supporter=supporter)[:ADMIN_RECORD_ROWS]),
            "supporter": supporter,
        },
        request=request,
    )


DUES_SALT = "candle.giving.dues"
DUES_LINK_MAX_AGE = 7 * 24 * 3600


def giving_dues_checkout(*, request, membership) -> str:
    """Where a new member pays dues: giving's dues page, with a signed (tamper-proof, 7-day)
    token naming the membership."""
    from django.core import signing
    from django.urls import reverse

    token = signing.dumps({"m": membership.pk}, salt=DUES_SALT, compress=True)
    return reverse("giving:dues", kwargs={"token": token})


def giving_sweep(*, now, dry_run: bool) -> int:
    """Resident and phone numbers given with a gift that was never paid are held for no purpose:
    removed once the payment has had ``CANDLE_GIVING_UNPAID_DETAILS_DAYS`` (14 by default: a
    bank transfer to a virtual account may take a week) to arrive. A paid gift's are kept with
    the books; a number staff have not decided on yet belongs to a paid gift and stays."""
    days = getattr(settings, "CANDLE_GIVING_UNPAID_DETAILS_DAYS", 14)
    cutoff = now - timedelta(days=days)
    unpaid = Payment.objects.filter(created_at__lt=cutoff).exclude(status=Payment.Status.PAID)
    numbers = TaxIdSubmission.objects.filter(
        status=TaxIdSubmission.Status.UNPAID, payment__in=unpaid
    )
    phones = unpaid.exclude(given_phone="")
    found = numbers.count() + phones.count()
    if not dry_run:
        numbers.delete()
        rows_update(phones, {"given_phone": ""}, detail="retention")
    return found
