"""The mail provider's tracking webhooks (django-anymail): bounces, complaints, refusals and
the provider's own unsubscribes suppress the address and withdraw its newsletter consent in
the ledger (``services.address_suppress``).

anymail's views check the webhook's basic-auth secret (``ANYMAIL["WEBHOOK_SECRET"]``, from
``CANDLE_ANYMAIL_WEBHOOK_SECRET``) and turn each provider's payload into one normalised
``tracking`` signal, received here. The URLs exist only when that secret is set (``urls``): an
open webhook would let anyone stop our mail to any address. A repeated event finds the address
suppressed already and changes nothing.
"""

from __future__ import annotations

from anymail.signals import tracking
from django.dispatch import receiver

from .services import address_suppress

SUPPRESSING_EVENTS = ("bounced", "complained", "rejected", "unsubscribed")


@receiver(tracking, dispatch_uid="candle.advocacy.newsletters.tracking")
def newsletter_tracking_received(sender, event, esp_name, **kwargs) -> None:
    if event.event_type not in SUPPRESSING_EVENTS or not event.recipient:
        return
    address_suppress(
        email=event.recipient,
        reason=event.event_type,
        provider=esp_name or "",
        event_id=str(event.event_id or ""),
        description=str(event.description or event.reject_reason or ""),
    )


def tracking_urlpatterns() -> list:
    """anymail's tracking webhook URL of the configured provider (``<provider>/tracking/``).
    Only that one: another provider's view would fail for want of its own settings."""
    from anymail.urls import urlpatterns
    from django.conf import settings

    provider = settings.CANDLE_ANYMAIL_PROVIDER
    if not provider:
        return []
    return [
        pattern
        for pattern in urlpatterns
        if (pattern.name or "").startswith(f"{provider}_")
        and ("tracking" in pattern.name or provider == "mandrill")
    ]
