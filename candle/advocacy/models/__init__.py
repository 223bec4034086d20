"""Advocacy's models, one module per concern (appeals, signatures, sign-ons, delivery;
newsletters)."""

from .appeals import AppealPage
from .delivery import DeliveryPack
from .newsletters import NewsletterDelivery, NewsletterIssue, NewsletterSuppression
from .signatures import Signature
from .signons import OrganisationSignature

__all__ = [
    "AppealPage",
    "DeliveryPack",
    "NewsletterDelivery",
    "NewsletterIssue",
    "NewsletterSuppression",
    "OrganisationSignature",
    "Signature",
]
