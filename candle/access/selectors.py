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


def admin_language(user) -> str:
    """The language the admin speaks to this user (Wagtail's account setting, else the site's),
    for messages written before Wagtail's own views would switch to it."""
    from django.conf import settings
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


def second_factor_enrolled(user) -> bool:
    """Whether the account has a second factor to ask for (the authenticator; recovery codes
    exist only beside it)."""
    return authenticator_confirmed(user) is not None
