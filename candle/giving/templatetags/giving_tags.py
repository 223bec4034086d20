from django import template

from ..formatting import currency_unit, money_display, ratio_percent

register = template.Library()


@register.filter
def money(value, currency: str = "KRW") -> str:
    """``50000`` → ``50,000원`` on a Korean page, ``₩50,000`` on an English one; ``$25.00``
    (USD). See ``candle.giving.formatting``."""
    return money_display(value, currency)


@register.filter
def method_name(code: str) -> str:
    """A payment method's code as staff read it: ``bank_transfer`` → 계좌이체 / Bank transfer."""
    from ..models.choices import Method

    try:
        return str(Method(code).label)
    except ValueError:
        return code


@register.filter
def unit(currency: str) -> str:
    """The currency as a reader types amounts in it: ``원`` / ``₩`` / ``$``."""
    return currency_unit(currency)


@register.filter
def percent_of_gift(ratio) -> str:
    """A matching ratio as a share of each gift: ``1.00`` → ``100%``."""
    return ratio_percent(ratio)


@register.simple_tag
def tax_id_changes_pending() -> int:
    """How many resident numbers given with paid gifts wait for staff (the dashboard's link)."""
    from ..models import TaxIdSubmission

    return TaxIdSubmission.objects.filter(status=TaxIdSubmission.Status.PENDING).count()
