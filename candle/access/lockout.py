"""The second factor's lockout: wrong codes are counted per account (not per address: whoever
types them already has the password), and after ``CANDLE_OTP_FAILURE_LIMIT`` of them within
``CANDLE_OTP_FAILURE_WINDOW_SECONDS`` no code is checked until the oldest of them leaves the
window. The same numbers as django-axes uses for passwords (``AXES_*``).

django-otp's own throttling is off (``OTP_*_THROTTLE_FACTOR = 0``): it counts per device and
only doubles a waiting time, so guesses at the recovery codes would not count against the
authenticator's, and a correct code typed a second after a wrong one is refused without saying
why. A counter in the database is shared by every worker, which a local-memory cache is not.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import SecondFactorFailure


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CANDLE_OTP_FAILURE_WINDOW_SECONDS)


def otp_locked_until(user) -> dt.datetime | None:
    """When the account's second factor opens again, or None if it is open now."""
    limit = settings.CANDLE_OTP_FAILURE_LIMIT
    now = timezone.now()
    recent = list(
        SecondFactorFailure.objects.filter(user=user, failed_at__gt=now - _window())
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + _window()


def otp_failure_note(user) -> dt.datetime | None:
    """Count one wrong code; return when the lock ends if this failure closed it."""
    now = timezone.now()
    SecondFactorFailure.objects.filter(user=user, failed_at__lte=now - _window()).delete()
    SecondFactorFailure.objects.create(user=user, failed_at=now)
    return otp_locked_until(user)


def otp_failures_clear(user) -> None:
    """A right code (or a superuser's reset) forgets the wrong ones."""
    SecondFactorFailure.objects.filter(user=user).delete()
