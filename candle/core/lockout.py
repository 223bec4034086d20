"""What django-axes counts failed sign-ins by (its lockout is per username and client address,
``AXES_LOCKOUT_PARAMETERS``; the address is ``candle.core.client_address``'s).

Axes stores the username as posted in ``AccessAttempt.username`` (255 characters); a longer one
was an anonymous 500 on PostgreSQL (``value too long``) from any sign-in form. No real account
has a name that long (Django's is 150), so cutting it changes no lockout.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

USERNAME_MAX = 255  # AccessAttempt.username


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a sign-in attempt is counted under: axes' own choice, cut to what it stores."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        username = data.get(field)
    if username is None:
        return None
    return str(username)[:USERNAME_MAX]
