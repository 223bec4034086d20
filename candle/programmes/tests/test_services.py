import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from candle.programmes.models import Registration
from candle.programmes.services import (
    attendance_mark,
    event_reminders_send,
    event_waiting_promote,
    registration_cancel,
    registration_create,
)
from candle.supporters.models import Supporter

from .conftest import event_make

pytestmark = pytest.mark.django_db
_call = None


@pytest.fixture(autouse=True)
def _committed(committed):
    global _call
    _call = committed


def _register(event, n, **extra):
    return _call(
        registration_create,
        event=event,
        name=f"홍길동예시{n}",
        email=f"person{n}@example.org",
        locale="ko",
        answers=[],
        consent_text="동의",
        **extra,
    )


def test_seats_then_waiting_list_in_order(event):
    statuses = [_register(event, n)[0].status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert len(mail.outbox) == 4
    assert "대기" in mail.outbox[2].subject
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_a_second_registration_of_the_same_person_stores_nothing(event):
    first, created = _register(event, 1)
    again, created_again = _call(
        registration_create,
        event=event,
        name="다른 이름",
        email="PERSON1@example.org",
        locale="en",
        answers=[{"id": "x", "label": "y", "answer": "z"}],
        consent_text="동의",
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    again.refresh_from_db()
    assert again.name == "홍길동예시1" and again.answers == []  # nothing overwritten
    assert Supporter.objects.get().name == "홍길동예시1"


def test_the_english_page_shares_the_original_seats(event, event_en):
    _register(event, 1)
    registration, _ = _call(
        registration_create,
        event=event_en,
        name="Example Person",
        email="en@example.org",
        locale="en",
        consent_text="agree",
    )
    assert registration.event_id == event.pk
    assert registration.language == "en"
    assert registration.status == "confirmed"
    assert mail.outbox[-1].subject.startswith("Your seat for Film screening")


def test_cancel_promotes_the_first_waiting_and_tells_them(event):
    regs = [_register(event, n)[0] for n in range(4)]
    mail.outbox.clear()
    cancelled, promoted = _call(registration_cancel, registration_id=regs[0].pk)
    assert cancelled.status == "cancelled"
    assert promoted == [regs[2].pk]
    regs[2].refresh_from_db()
    regs[3].refresh_from_db()
    assert regs[2].status == "confirmed" and regs[2].promoted_at
    assert regs[3].status == "waiting"
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    # a second cancel does nothing
    assert registration_cancel(registration_id=regs[0].pk)[1] == []
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_cancelling_a_waiting_place_promotes_no_one(event):
    regs = [_register(event, n)[0] for n in range(3)]
    assert registration_cancel(registration_id=regs[2].pk)[1] == []


def test_after_cancel_the_person_may_register_again(event):
    reg = _register(event, 1)[0]
    registration_cancel(registration_id=reg.pk)
    again, created = _register(event, 1)
    assert created and again.pk != reg.pk


def test_more_seats_promote_the_waiting_when_published(event):
    regs = [_register(event, n)[0] for n in range(4)]
    mail.outbox.clear()
    event.capacity = 3
    _call(event.save_revision().publish)
    regs[2].refresh_from_db()
    assert regs[2].status == "confirmed" and regs[2].promoted_at
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    assert event_waiting_promote(event=event) == []  # nothing more to fill


def test_registration_outside_the_window_is_refused(homes):
    now = timezone.now()
    later = event_make(
        homes["index"], slug="later", registration_opens_at=now + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        _register(later, 1)
    closed = event_make(
        homes["index"], slug="closed", registration_closes_at=now - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        _register(closed, 1)
    assert not Registration.objects.exists() and not Supporter.objects.exists()


def test_reminders_go_once_to_the_confirmed_of_tomorrows_events(homes):
    tomorrow_event = event_make(homes["index"], capacity=1, days=1, slug="tomorrow")
    far_event = event_make(homes["index"], capacity=1, days=5, slug="far")
    now = timezone.localtime(tomorrow_event.starts_at) - dt.timedelta(days=1)
    first = _register(tomorrow_event, 1)[0]
    _register(tomorrow_event, 2)  # waiting: no reminder
    _register(far_event, 3)
    mail.outbox.clear()
    assert event_reminders_send(now=now) == 1
    assert mail.outbox[0].to == ["person1@example.org"]
    assert event_reminders_send(now=now) == 0
    first.refresh_from_db()
    assert first.reminder_sent_at is not None
    call_command("send_event_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_attendance_only_for_confirmed(event):
    regs = [_register(event, n)[0] for n in range(3)]
    assert attendance_mark(registration=regs[0], attended=True).attended_at
    assert attendance_mark(registration=regs[0], attended=False).attended_at is None
    with pytest.raises(ValidationError):
        attendance_mark(registration=regs[2], attended=True)


def test_forget_me_erases_registration_details(event):
    from candle.supporters.services import supporter_anonymise

    reg = _register(event, 1)[0]
    supporter_anonymise(supporter=reg.supporter)
    reg.refresh_from_db()
    assert reg.name == "" and reg.email == "" and reg.status == "confirmed"


def test_retention_erases_details_a_year_after_the_event_and_keeps_counts(homes):
    from candle.supporters.retention import retention_apply

    event = event_make(homes["index"], capacity=5, slug="old")
    reg = _register(event, 1)[0]
    attendance_mark(registration=reg, attended=True)
    later = event.ends_at + dt.timedelta(days=366)
    from candle.programmes.services import registrations_sweep

    assert registrations_sweep(now=event.ends_at + dt.timedelta(days=300)) == 0
    assert registrations_sweep(now=later, dry_run=True) == 1
    retention_apply(now=later)
    reg.refresh_from_db()
    assert (reg.name, reg.email, reg.answers) == ("", "", [])
    assert reg.status == "confirmed" and reg.attended_at is not None
    assert registrations_sweep(now=later) == 0
    # The erasure is a queryset update: it writes its own audit entry for the row.
    from candle.audit.models import AuditEntry

    entry = AuditEntry.objects.get(target_type="programmes.registration", detail="retention")
    assert entry.target_id == str(reg.pk) and entry.action == "record.change"
    assert {"name", "email", "phone"} <= set(entry.fields)


def test_merging_two_registered_people_keeps_one_registration(event):
    from candle.supporters.services import supporter_merge

    a = _register(event, 1)[0]
    b = _register(event, 2)[0]
    c = _register(event, 3)[0]  # waiting
    _call(supporter_merge, kept=a.supporter, duplicate=b.supporter)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.status == "cancelled" and b.supporter_id == a.supporter_id
    assert c.status == "confirmed"
