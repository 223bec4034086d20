"""The monthly pledge charge as the schedule runs it: run twice, or killed halfway and run
again, each pledge is charged once for the month (giving keys each charge on the month)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from candle.giving.models import Donation, Payment, Pledge
from candle.giving.providers.test import TestProvider
from candle.giving.tests.conftest import campaign, homes, start_gift  # noqa: F401 - fixtures
from candle.operations.models import JobRun
from candle.operations.runner import schedule_run_due

SEOUL = ZoneInfo("Asia/Seoul")
DONORS = (
    "kim.example@supporters.example",
    "lee.example@supporters.example",
    "park.example@supporters.example",
)


class Killed(BaseException):
    """A kill -9 as the job sees it: nothing after it runs, nothing is recorded."""


@pytest.fixture
def pledges(settings, campaign, start_gift):  # noqa: F811
    settings.CANDLE_TEST_PROVIDER_ENABLED = True
    settings.CANDLE_USE_PORTONE = False
    for email in DONORS:
        payment = start_gift(campaign, frequency="monthly", amount="20000", email=email)
        TestProvider().checkout_complete(payment, approve=True)
    rows = list(Pledge.objects.order_by("pk"))
    assert len(rows) == 3 and all(p.status == "active" for p in rows)
    return rows


@pytest.fixture
def charges(monkeypatch):
    """The provider's charge calls, by payment id."""
    calls: list[str] = []
    original = TestProvider.billing_key_charge

    def charge(self, *, pledge, payment):
        calls.append(payment.provider_payment_id)
        return original(self, pledge=pledge, payment=payment)

    monkeypatch.setattr(TestProvider, "billing_key_charge", charge)
    return calls


def _on_day(monkeypatch, day: dt.date) -> dt.datetime:
    monkeypatch.setattr("candle.giving.services.timezone.localdate", lambda *a: day)
    return dt.datetime.combine(day, dt.time(7, 0), SEOUL)


def _monthly_payments(pledge, day):
    return Payment.objects.filter(pledge=pledge, provider_payment_id__endswith=f"{day:%Y%m}")


def test_killed_inside_a_charge_then_run_again_charges_every_pledge_once(
    pledges, charges, monkeypatch
):
    from candle.giving import services

    due = max(p.next_charge_on for p in pledges)
    now = _on_day(monkeypatch, due)
    only = {"giving.pledges_charge"}
    original_month_add = services._month_add
    calls = {"n": 0}

    def month_add_killed_on_the_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed  # inside the second pledge's transaction: it rolls back
        return original_month_add(*args, **kwargs)

    monkeypatch.setattr(services, "_month_add", month_add_killed_on_the_second)
    with pytest.raises(Killed):
        schedule_run_due(now=now, runner="dead", heartbeat=False, only=only)
    assert len(charges) == 1  # the first pledge was charged before the kill
    run = JobRun.objects.get(job="giving.pledges_charge")
    assert run.status == "running"

    monkeypatch.setattr(services, "_month_add", original_month_add)
    assert schedule_run_due(now=now + dt.timedelta(minutes=5), heartbeat=False, only=only) == []
    resumed = schedule_run_due(now=now + dt.timedelta(minutes=31), heartbeat=False, only=only)
    assert [(o.status, o.attempts) for o in resumed] == [("done", 2)]
    # and the next day's run (a new period) finds nothing due
    _on_day(monkeypatch, due + dt.timedelta(days=1))
    schedule_run_due(now=now + dt.timedelta(days=1), heartbeat=False, only=only)

    assert len(charges) == len(set(charges)) == 3
    for pledge in pledges:
        assert _monthly_payments(pledge, due).count() == 1
        assert Donation.objects.filter(pledge=pledge).count() == 2  # first gift + this month
        pledge.refresh_from_db()
        assert pledge.next_charge_on > due


def test_killed_after_a_charge_was_committed_it_is_never_charged_twice(
    pledges, charges, monkeypatch
):
    """A kill between the committed payment and the provider call: no second charge on the
    next run. (That payment then waits without a charge: giving's, not the runner's, to pick
    up; see docs/subsystems/operations.md.)"""
    due = max(p.next_charge_on for p in pledges)
    now = _on_day(monkeypatch, due)
    only = {"giving.pledges_charge"}
    original = TestProvider.billing_key_charge

    def killed_on_the_second(self, *, pledge, payment):
        if len(charges) == 2:
            raise Killed
        return original(self, pledge=pledge, payment=payment)

    monkeypatch.setattr(TestProvider, "billing_key_charge", killed_on_the_second)
    with pytest.raises(Killed):
        schedule_run_due(now=now, runner="dead", heartbeat=False, only=only)
    schedule_run_due(now=now + dt.timedelta(hours=1), heartbeat=False, only=only)
    assert len(charges) == len(set(charges))  # nobody charged twice
    for pledge in pledges:
        assert _monthly_payments(pledge, due).count() == 1
