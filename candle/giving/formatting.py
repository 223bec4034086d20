"""How an amount of money is written: the one place for the public pages, the forms, the
e-mails and the admin (the ``money`` template filter and the models' ``get_amount_display``
call it).

A reader sees the amount in the campaign's or gift's own currency, written the way their
language writes it: won as ``50,000원`` in Korean and ``₩50,000`` in English (never with
decimals: the won has no subunit in use), dollars as ``$50.00`` in both. Babel's CLDR data was
considered and not used: it writes won as ``₩50,000`` in Korean too, which is not how Korean
forms and receipts write it, and two currencies do not need a library."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import translation


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "ko").split("-")[0]


def money_display(amount, currency: str, *, language: str | None = None) -> str:
    """``money_display(10000000, "KRW")`` is ``10,000,000원`` on a Korean page and
    ``₩10,000,000`` on an English one; ``money_display(25, "USD")`` is ``$25.00``. An empty
    value is ``""``; a value that is not a number is shown as it is."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if currency == "KRW":
        figure = f"{value:,.0f}"
        return f"{sign}{figure}원" if _language(language) == "ko" else f"{sign}₩{figure}"
    if currency == "USD":
        return f"{sign}${value:,.2f}"
    return f"{sign}{value:,} {currency}"


def currency_unit(currency: str, *, language: str | None = None) -> str:
    """What a reader types an amount in, for the "other amount" label: ``원`` in Korean,
    ``₩`` in English, ``$`` for dollars."""
    if currency == "KRW":
        return "원" if _language(language) == "ko" else "₩"
    if currency == "USD":
        return "$"
    return currency


def ratio_percent(ratio) -> str:
    """A matching ratio as the share of each gift it adds: ``1.00`` is ``100%``, ``0.5`` is
    ``50%`` (a ratio written ``1.00배`` read as software, not as Korean)."""
    percent = (Decimal(ratio) * 100).normalize()
    return f"{percent:,f}%"
