from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    KRW = "KRW", _("Korean won (KRW)")
    USD = "USD", _("US dollars (USD)")


# Smallest and largest gift the forms accept, per currency. Larger gifts are welcome, by
# arrangement with staff; the limits stop typing mistakes (an extra 0) and abuse.
AMOUNT_LIMITS = {
    Currency.KRW: (Decimal("1000"), Decimal("100000000")),
    Currency.USD: (Decimal("1"), Decimal("100000")),
}
DEFAULT_PRESETS = {
    Currency.KRW: "10000,30000,50000,100000",
    Currency.USD: "10,25,50,100",
}


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")


class Method(models.TextChoices):
    CARD = "card", _("Card")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CMS = "cms", _("Automatic debit (CMS)")
    GLOBALGIVING = "globalgiving", _("GlobalGiving")
    OTHER = "other", _("Other")


class Purpose(models.TextChoices):
    GIFT = "gift", _("Gift")
    DUES = "dues", _("Membership dues")
    # A fee for something the organisation sells (an event seat): never a Donation, never on a
    # receipt. Its Payment is the whole record; the app that sold it is told through
    # ``giving.purposes``.
    EVENT = "event", _("Event fee")


# Payment providers by the name staff read (the row keeps the code).
PROVIDER_NAMES = {
    "test": _("Test provider (no money moves)"),
    "portone": _("PortOne (card)"),
}
