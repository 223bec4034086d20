"""Payment providers behind one interface.

``provider_get(name)`` returns the provider; ``provider_default()`` the one donation forms use:
PortOne when CANDLE_USE_PORTONE is on, otherwise the test provider that runs the whole flow on
this machine. Webhooks of both are signed the Standard Webhooks way (``webhook-id``,
``webhook-timestamp``, ``webhook-signature: v1,<base64 HMAC-SHA256>``), which is PortOne's.
"""

from __future__ import annotations

from django.conf import settings

from .base import ChargeResult, PaymentProvider, ProviderEvent, WebhookRejected

__all__ = [
    "ChargeResult",
    "PaymentProvider",
    "ProviderEvent",
    "WebhookRejected",
    "provider_default",
    "provider_get",
]


def provider_get(name: str) -> PaymentProvider:
    if name == "test" and getattr(settings, "CANDLE_TEST_PROVIDER_ENABLED", False):
        from .test import TestProvider

        return TestProvider()
    if name == "portone" and getattr(settings, "CANDLE_USE_PORTONE", False):
        from .portone import PortOneProvider

        return PortOneProvider()
    raise LookupError(name)


def provider_default() -> PaymentProvider:
    return provider_get("portone" if getattr(settings, "CANDLE_USE_PORTONE", False) else "test")
