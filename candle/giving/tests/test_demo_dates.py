"""The demo's gifts and pledges happened in the past, whatever day the demo is loaded on."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_demo_dates_are_never_after_the_day_it_is_loaded(monkeypatch, homes):
    from candle.giving import demo
    from candle.giving.models import Donation, Pledge

    # Loaded early in a year: a demo that put "this year's" gifts on fixed months (March to
    # July) or on any day of the current month would date them after today.
    tz = timezone.get_current_timezone()
    today = dt.date(timezone.localdate().year, 2, 3)
    now = dt.datetime.combine(today, dt.time(8), tzinfo=tz)
    monkeypatch.setattr(
        demo,
        "timezone",
        SimpleNamespace(localdate=lambda: today, now=lambda: now, get_current_timezone=lambda: tz),
    )
    demo.demo_load()
    assert Donation.objects.filter(received_at__gt=now).count() == 0
    assert Donation.objects.filter(received_at__gte=now - dt.timedelta(days=90)).exists()
    assert Pledge.objects.filter(created_at__gt=now).count() == 0
