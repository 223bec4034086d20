"""Giving's data: campaign pages, gifts, pledges, payments, webhooks, imports and receipts."""

from .imports import StatementLine
from .money import Donation, Payment, Pledge, WebhookEvent
from .pages import CampaignPage, GivePage, MatchingPledge
from .receipts import DonorTaxId, Receipt, TaxIdSubmission

__all__ = [
    "CampaignPage",
    "Donation",
    "DonorTaxId",
    "GivePage",
    "MatchingPledge",
    "Payment",
    "Pledge",
    "Receipt",
    "StatementLine",
    "TaxIdSubmission",
    "WebhookEvent",
]
