"""Accounts and codes for the sign-in tests. Every test here signs in with the password alone
(``real_two_factor``): the second factor is what they test."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import TOTP

PASSWORD = "a-long-test-password-1"


def code_for(device, *, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or ``steps_ahead`` periods later: django-otp
    refuses a code from a period already used, so a second sign-in in one test needs the next)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _user(django_user_model, username, *, superuser=False, perms=()):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@candle.example", password=PASSWORD
    )
    user.is_superuser = superuser
    user.save()
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(access, *perms)
    return user


@pytest.fixture
def admin_user(django_user_model):
    return _user(django_user_model, "boss", superuser=True)


@pytest.fixture
def giving_staff(django_user_model):
    group = Group.objects.create(name="giving test staff")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="giving", codename__startswith="view_")
    )
    user = _user(django_user_model, "giver")
    user.groups.add(group)
    return user


@pytest.fixture
def writer(django_user_model):
    return _user(django_user_model, "writer")


@pytest.fixture
def audit_log(monkeypatch):
    """The audit entries written by this app, as (action, actor, target) tuples."""
    entries = []

    def fake_record(action, *, request=None, actor=None, target=None, **kwargs):
        entries.append((action, actor, target))

    monkeypatch.setattr("candle.access.services.record", fake_record)
    return entries
