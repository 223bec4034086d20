"""Payments that are not gifts: another app sells something (an event seat) and takes the
money through giving's payment flow with its own ``Payment.purpose``.

Such a payment never makes a ``Donation``: the thermometer, dashboards, thank-you mails and
donation receipts (기부금영수증) count Donations only, so a fee can never reach them. The
``Payment`` row (status ``paid``, purpose ``event``) is the ledger's record of the fee.

The selling app registers a handler in its ``AppConfig.ready()``; giving never imports it.
``payment_apply`` calls ``paid`` / ``cancelled`` inside its own transaction, with the Payment
row locked, so a replayed or concurrent webhook reaches the handler at most once per change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class PurposeHandler:
    #: ``paid(payment=…, occurred_at=…) -> str``: the provider confirmed the payment; returns a
    #: short detail (ids only) for the webhook event.
    paid: Callable[..., str]
    #: ``cancelled(payment=…, was_paid=…) -> str``: the provider cancelled it (a refund made at
    #: the provider, or a payment abandoned before it was paid).
    cancelled: Callable[..., str]
    #: ``return_url(payment) -> str``: where the payer's browser goes after the checkout.
    return_url: Callable[..., str]


_HANDLERS: dict[str, PurposeHandler] = {}


def purpose_register(purpose: str, handler: PurposeHandler) -> None:
    _HANDLERS[purpose] = handler


def purpose_handler(purpose: str) -> PurposeHandler | None:
    return _HANDLERS.get(purpose)


__all__ = ["PurposeHandler", "purpose_handler", "purpose_register"]
