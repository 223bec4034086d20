"""Reads of the organisation's own details for the pages that show them: its bank accounts
(give, dues and contact pages) in the reader's language. The settings row itself is read
through ``OrganisationSettings.for_site`` (kept in the site-wide data cache)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.utils import translation
from wagtail.models import Site

from .models import BankAccount


def organisation_bank_accounts(*, site: Site | None) -> list[dict[str, str]]:
    """``[{"bank", "number", "holder", "purpose"}]`` in the active language, in the editors'
    order: one query, then kept in the site-wide data cache until the settings or an account
    change (``candle.caching.signals``)."""
    if site is None:
        return []
    from candle.caching.store import cached_site_wide

    language = (translation.get_language() or django_settings.LANGUAGE_CODE).split("-")[0]

    def compute() -> list[dict[str, str]]:
        accounts = BankAccount.objects.filter(settings__site=site).order_by("sort_order", "pk")
        return [account.shown() for account in accounts]

    return cached_site_wide(f"bank-accounts:v1:{site.pk}:{language}", compute)
