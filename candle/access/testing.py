"""For tests: give a test client's session the second factor, as a person who typed a right
code would have it (a confirmed authenticator, the session verified with it, just now).

The root ``conftest.py`` does this after every ``client.force_login``/``client.login``, so the
hundreds of tests that open admin screens as a signed-in user keep working with enforcement
on. Tests marked ``real_two_factor`` (this app's) skip it and prove the enforcement.
"""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .selectors import AUTHENTICATOR_NAME
from .sessions import VERIFIED_AT


def authenticator_for_tests(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)


def client_second_factor_give(client, user) -> TOTPDevice:
    device = authenticator_for_tests(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT] = int(time.time())
    session.save()
    return device
