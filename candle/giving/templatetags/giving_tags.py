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


@register.simple_tag
def tax_id_changes_pending() -> int:
    """How many resident numbers given with paid gifts wait for staff (the dashboard's link)."""
    from ..models import TaxIdSubmission

    return TaxIdSubmission.objects.filter(status=TaxIdSubmission.Status.PENDING).count()
