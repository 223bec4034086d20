"""Reads about an account's second factor: its authenticator and its recovery codes."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_DEVICE_NAME = "recovery"
AUTHENTICATOR_NAME = "authenticator"


def authenticator_confirmed(user) -> TOTPDevice | None:
    """The account's confirmed authenticator (one per account), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_enrolled(user) -> bool:
    """Whether the account has a second factor to ask for (the authenticator; recovery codes
    exist only beside it)."""
    return authenticator_confirmed(user) is not None
