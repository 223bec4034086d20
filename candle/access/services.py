"""Writes of the staff sign-in: enrolling an authenticator, recovery codes, checking a code
(with the lockout and the audit log), removing a factor and a superuser's reset of another
account's factors, with its mail. Codes and secrets are never logged or audited: entries name
the account and what happened, nothing else."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from candle.audit.log import record

from .lockout import otp_failure_note, otp_failures_clear, otp_locked_until
from .selectors import (
    AUTHENTICATOR_NAME,
    RECOVERY_DEVICE_NAME,
    authenticator_confirmed,
    recovery_device,
)
from .sessions import second_factor_given

RECOVERY_CODE_COUNT = 10
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_RECOVERY = re.compile(r"[a-z2-7]{8}")


class Outcome(enum.Enum):
    VERIFIED = "verified"
    RECOVERY_USED = "recovery_used"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    locked_until: dt.datetime | None = None


def code_normalise(raw: str) -> str:
    """What the person typed, as the devices store it: spaces and hyphens dropped, lower case
    (recovery codes are shown in groups, ``abcd-efgh``)."""
    return re.sub(r"[\s\-]", "", raw or "")[:32].lower()


def authenticator_pending(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (its secret shown as a QR code), made once
    and kept until confirmed, so reloading the page keeps the same secret."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR_NAME)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def recovery_codes_replace(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    with transaction.atomic():
        device = recovery_device(user)
        if device is None:
            device = StaticDevice.objects.create(
                user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
            )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def authenticator_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it. Returns the new recovery codes
    (to show once), or None when the code is wrong (counted like any wrong code)."""
    user = request.user
    token = code_normalise(code)
    if otp_locked_until(user) is not None:
        return None
    if not (_SIX_DIGITS.fullmatch(token) and device.verify_token(token)):
        _failure(request, user)
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
    otp_failures_clear(user)
    second_factor_given(request, device)
    record("otp.enrol", request=request, actor=user, target=user)
    return codes


def code_check(*, request, code: str, stepup: bool = False) -> CheckResult:
    """Check a code from the signed-in user's authenticator or one of their recovery codes.
    A right code verifies the session; a wrong one counts toward the lock; a locked account
    has no code checked at all."""
    user = request.user
    locked_until = otp_locked_until(user)
    if locked_until is not None:
        return CheckResult(Outcome.LOCKED, locked_until)
    token = code_normalise(code)
    device = None
    outcome = Outcome.VERIFIED
    if _SIX_DIGITS.fullmatch(token):
        authenticator = authenticator_confirmed(user)
        if authenticator is not None and authenticator.verify_token(token):
            device = authenticator
    elif _RECOVERY.fullmatch(token):
        recovery = recovery_device(user)
        if recovery is not None and recovery.verify_token(token):  # deletes the code
            device, outcome = recovery, Outcome.RECOVERY_USED
    if device is None:
        locked_until = _failure(request, user)
        return CheckResult(Outcome.LOCKED if locked_until else Outcome.WRONG, locked_until)
    otp_failures_clear(user)
    second_factor_given(request, device)
    record("otp.stepup" if stepup else "otp.verify", request=request, actor=user, target=user)
    if outcome is Outcome.RECOVERY_USED:
        record("otp.recovery_used", request=request, actor=user, target=user)
    return CheckResult(outcome)


def _failure(request, user) -> dt.datetime | None:
    record("otp.failure", request=request, actor=user, target=user)
    return otp_failure_note(user)


def second_factor_remove(*, request) -> None:
    """The signed-in user removes their own authenticator and recovery codes (after giving a
    code). An account that must use two factors is asked to enrol again at once."""
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    record("otp.reset", request=request, actor=user, target=user, detail="removed by the owner")


def second_factor_reset(*, request, user) -> None:
    """A superuser removes another account's factors (a lost phone): that account enrols again
    at its next sign-in, and its owner is told by mail in their admin language."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        otp_failures_clear(user)
    record("otp.reset", request=request, actor=request.user, target=user)
    if user.email:
        transaction.on_commit(lambda: reset_notice_send(user=user, by=request.user))


def reset_notice_send(*, user, by) -> None:
    """Tell the account's owner that their second factor was reset, and by whom: if they did
    not ask for it, they should say so at once."""
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE
    context = {
        "user": user,
        "by": by.get_full_name() or by.get_username(),
        "admin_url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_home"),
    }
    with translation.override(language):
        subject = render_to_string("access/email/reset_subject.txt", context).strip()
        body = render_to_string("access/email/reset.txt", context)
    send_mail(subject, body, None, [user.email])
