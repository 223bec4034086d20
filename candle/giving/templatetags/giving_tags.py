from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value, currency: str = "KRW") -> str:
    """``50000`` → ``50,000원`` (KRW) or ``$25.00`` (USD)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    if currency == "KRW":
        return f"{amount:,.0f}원"
    if currency == "USD":
        return f"${amount:,.2f}"
    return f"{amount:,} {currency}"
