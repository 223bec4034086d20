import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from candle.supporters.factories import MembershipFactory, SupporterFactory
from candle.supporters.membership import (
    membership_cancel,
    membership_dues_received,
    membership_join,
    membership_reminders_send,
)
from candle.supporters.models import Consent, Membership

pytestmark = pytest.mark.django_db


def test_joining_a_paid_type_is_pending_until_dues_arrive(supporter, paid_type):
    membership, created = membership_join(
        supporter=supporter,
        membership_type=paid_type,
        consent_text="[필수] 회원 동의",
        method="web_form",
    )
    assert (
        created and membership.status == Membership.Status.PENDING and membership.renews_on is None
    )
    assert Consent.objects.get(supporter=supporter).purpose == "membership"
    membership = membership_dues_received(membership=membership, paid_on=dt.date(2026, 3, 15))
    assert membership.status == Membership.Status.ACTIVE
    assert membership.renews_on == dt.date(2027, 3, 15)
    membership = membership_dues_received(membership=membership, paid_on=dt.date(2027, 3, 1))
    assert membership.renews_on == dt.date(2028, 3, 15)  # early payment keeps the anniversary


def test_free_membership_is_active_at_once(supporter, free_type):
    membership, _ = membership_join(
        supporter=supporter, membership_type=free_type, consent_text="동의", method="web_form"
    )
    assert membership.status == Membership.Status.ACTIVE and membership.renews_on is not None


def test_monthly_dues_move_renewal_one_month_even_at_month_end(supporter, paid_type):
    paid_type.period = "monthly"
    paid_type.save()
    membership = MembershipFactory(supporter=supporter, membership_type=paid_type, status="pending")
    assert membership_dues_received(
        membership=membership, paid_on=dt.date(2026, 1, 31)
    ).renews_on == dt.date(2026, 2, 28)
    december = MembershipFactory(
        supporter=SupporterFactory(), membership_type=paid_type, status="pending"
    )
    assert membership_dues_received(
        membership=december, paid_on=dt.date(2026, 12, 5)
    ).renews_on == dt.date(2027, 1, 5)


def test_joining_twice_records_nothing_twice(supporter, paid_type):
    first, _ = membership_join(
        supporter=supporter, membership_type=paid_type, consent_text="동의", method="web_form"
    )
    again, created = membership_join(
        supporter=supporter, membership_type=paid_type, consent_text="동의", method="web_form"
    )
    assert again.pk == first.pk and not created
    assert Membership.objects.count() == 1 and Consent.objects.count() == 1


def test_inactive_types_cannot_be_joined(supporter, paid_type):
    paid_type.is_active = False
    paid_type.save()
    with pytest.raises(ValidationError):
        membership_join(
            supporter=supporter, membership_type=paid_type, consent_text="동의", method="web_form"
        )
    assert not Membership.objects.exists()


def test_cancelled_membership_cannot_take_dues(supporter, paid_type):
    membership = membership_cancel(
        membership=MembershipFactory(supporter=supporter, membership_type=paid_type)
    )
    assert membership.status == Membership.Status.CANCELLED and membership.ended_on
    with pytest.raises(ValidationError):
        membership_dues_received(membership=membership)


def test_reminders_go_once_per_renewal_in_the_members_language(paid_type):
    today = dt.date(2026, 11, 1)
    ko = MembershipFactory(
        supporter=SupporterFactory(preferred_language="ko"),
        membership_type=paid_type,
        renews_on=dt.date(2026, 11, 20),
    )
    en = MembershipFactory(
        supporter=SupporterFactory(preferred_language="en", name="Jane Example"),
        membership_type=paid_type,
        renews_on=dt.date(2026, 11, 25),
    )
    MembershipFactory(membership_type=paid_type, renews_on=dt.date(2027, 5, 1))  # not yet due
    result = membership_reminders_send(today=today)
    assert result["reminded"] == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "갱신" in by_address[ko.supporter.email].subject
    assert "renewal" in by_address[en.supporter.email].subject
    assert "2026-11-25" in by_address[en.supporter.email].body
    assert "/en/supporters/me/open/" in by_address[en.supporter.email].body
    assert membership_reminders_send(today=today)["reminded"] == 0
    assert len(mail.outbox) == 2


def test_long_unpaid_memberships_lapse(paid_type):
    old = MembershipFactory(membership_type=paid_type, renews_on=dt.date(2026, 1, 1))
    membership_reminders_send(today=dt.date(2026, 6, 1))
    old.refresh_from_db()
    assert old.status == Membership.Status.LAPSED and old.ended_on == dt.date(2026, 6, 1)


def test_reminder_command_reports(paid_type, capsys):
    call_command("send_membership_reminders")
    assert "reminders sent" in capsys.readouterr().out
