"""E-mails to donors: the thank-you for a gift and the confirmation of a stopped monthly gift.

Sent from tasks (``tasks.py``) enqueued on commit. Each mail goes in the donor's language
(``Supporter.preferred_language``), as plain text and HTML, and never to a supporter without an
e-mail address or who has been anonymised. A Donation is thanked at most once: ``thanked_at`` is
claimed with a conditional UPDATE before the mail goes out.

Logging rule: ids only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .formatting import money_display
from .models import Donation, Pledge
from .models.choices import Currency, Method

logger = logging.getLogger(__name__)


def _language(supporter) -> str:
    return "en" if supporter.preferred_language == "en" else "ko"


def _reachable(supporter) -> bool:
    return bool(supporter.email) and supporter.anonymised_at is None


def _campaign_title(campaign, language: str) -> str:
    """The campaign's title in the donor's language when a translation exists."""
    if campaign is None:
        return ""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    translated = campaign.get_translation_or_none(locale) if locale else None
    return (translated or campaign).title


def account_url(*, language: str) -> str:
    """The page where a supporter asks for the e-mailed link to their own page."""
    with translation.override(language):
        return settings.CANDLE_BASE_URL + reverse("supporters:access_request")


def _send(*, template: str, context: dict, language: str, to: str) -> None:
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"giving/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"giving/email/{template}.txt", context)
        html = render_to_string(f"giving/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def donation_thank(*, donation_id: int) -> bool:
    """Thank the donor for one gift, once. Returns whether a mail was sent."""
    donation = (
        Donation.objects.select_related("supporter", "campaign", "pledge")
        .filter(pk=donation_id)
        .first()
    )
    if (
        donation is None
        or donation.thanked_at is not None
        or donation.status != Donation.Status.RECEIVED
    ):
        return False
    supporter = donation.supporter
    if not _reachable(supporter):
        return False
    claimed = Donation.objects.filter(pk=donation.pk, thanked_at__isnull=True).update(
        thanked_at=timezone.now()
    )
    if not claimed:  # another worker thanked it first
        return False
    language = _language(supporter)
    pledge = donation.pledge
    first_of_pledge = (
        pledge is not None
        and not Donation.objects.filter(
            pledge=pledge, received_at__lt=donation.received_at
        ).exists()
    )
    context = {
        "name": supporter.name,
        "amount": money_display(donation.amount, donation.currency, language=language),
        "campaign": _campaign_title(donation.campaign, language),
        "dues": donation.purpose == "dues",
        "monthly": pledge is not None,
        "first_of_pledge": first_of_pledge,
        "pledge_amount": money_display(pledge.amount, pledge.currency, language=language)
        if pledge
        else "",
        "pledge_day": pledge.day_of_month if pledge else None,
        # a card is charged by the provider; a bank transfer or CMS debit falls due
        "pledge_by_card": pledge is not None and pledge.method == Method.CARD,
        "receipt": donation.receipt_requested and donation.currency == Currency.KRW,
        "receipt_year": donation.received_at.year,
        "account_url": account_url(language=language),
        "date": timezone.localtime(donation.received_at).date(),
    }
    try:
        _send(template="thank_you", context=context, language=language, to=supporter.email)
    except Exception:
        Donation.objects.filter(pk=donation.pk).update(thanked_at=None)  # let a retry send it
        logger.exception("thank-you mail failed donation=%s", donation.pk)
        raise
    logger.info("thank-you mail sent donation=%s", donation.pk)
    return True


def pledge_cancelled_notify(*, pledge_id: int) -> bool:
    """Confirm to the donor that a monthly gift has stopped. Returns whether a mail was sent."""
    pledge = Pledge.objects.select_related("supporter", "campaign").filter(pk=pledge_id).first()
    if (
        pledge is None
        or pledge.status != Pledge.Status.CANCELLED
        or not _reachable(pledge.supporter)
    ):
        return False
    supporter = pledge.supporter
    language = _language(supporter)
    context = {
        "name": supporter.name,
        "amount": money_display(pledge.amount, pledge.currency, language=language),
        "campaign": _campaign_title(pledge.campaign, language),
        "bank": pledge.method in (Method.BANK_TRANSFER, Method.CMS),
        "account_url": account_url(language=language),
        "date": timezone.localtime(pledge.cancelled_at).date()
        if pledge.cancelled_at
        else timezone.localdate(),
    }
    _send(template="pledge_cancelled", context=context, language=language, to=supporter.email)
    logger.info("pledge cancelled mail sent pledge=%s", pledge.pk)
    return True


__all__ = ["account_url", "donation_thank", "pledge_cancelled_notify"]
