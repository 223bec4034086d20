"""What a staff session remembers about itself: when it signed in, when it was last used and
when the second factor was last given. The keys live in the session, so signing out (which
flushes it) forgets them all.

Only signed-in sessions carry them: a reader's or a supporter's session never gets one, and
a request without a session cookie is never looked at (the page cache stays as it is).
"""

from __future__ import annotations

import time

import django_otp
from django.conf import settings

SIGNED_IN_AT = "_candle_signed_in_at"
SEEN_AT = "_candle_seen_at"
VERIFIED_AT = "_candle_otp_at"


def session_signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the twelve hours and the thirty minutes start now."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session.pop(VERIFIED_AT, None)
    # A password alone never carries a second factor over from an earlier sign-in.
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)


def session_expired(request) -> bool:
    """Whether the signed-in session has been idle too long or lasted too long in all."""
    now = time.time()
    session = request.session
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return False  # signed in before these limits existed: stamped by session_touch
    return (
        now - seen > settings.CANDLE_STAFF_SESSION_IDLE_SECONDS
        or now - signed_in > settings.CANDLE_STAFF_SESSION_MAX_SECONDS
    )


def session_touch(request) -> None:
    """Note this request as the session's last use (a write at most every few seconds)."""
    now = int(time.time())
    session = request.session
    session.setdefault(SIGNED_IN_AT, now)
    if now - session.get(SEEN_AT, 0) >= 5:
        session[SEEN_AT] = now


def second_factor_given(request, device) -> None:
    """The user typed a right code from ``device``: the session is verified, and a sensitive
    act needs no new code for ``CANDLE_STEPUP_SECONDS``."""
    django_otp.login(request, device)
    request.session[VERIFIED_AT] = int(time.time())


def second_factor_fresh(request) -> bool:
    """Whether the second factor was given within ``CANDLE_STEPUP_SECONDS``."""
    given = request.session.get(VERIFIED_AT)
    return isinstance(given, int) and time.time() - given <= settings.CANDLE_STEPUP_SECONDS
