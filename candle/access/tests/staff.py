"""Signing staff in for tests: one place, so the second factor can be marked done here once.

The two-factor middleware (built beside this on its own branch) refuses staff who hold personal
data permissions until they have verified a second factor. Every role test signs in through
``staff_client``; when the middleware lands, this function also marks the session verified (for
example with ``django_otp.login``), and the tests keep testing roles rather than sign-in.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client


def staff_client(user, client: Client | None = None) -> Client:
    """A test client signed in as ``user`` (a fresh one unless ``client`` is given)."""
    client = client or Client()
    client.force_login(user)
    return client


def role_member(group_name: str, *, username: str | None = None):
    """A new active account in the named group and no other, with nothing of its own."""
    username = username or "role-" + group_name.lower().replace(" ", "-")
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", email=f"{username}@staff.example"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user
