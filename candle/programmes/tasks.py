"""Background work for programmes (django-tasks; immediate in dev and tests). Enqueued on commit.
Arguments are ids; each task reads the row again and does nothing when it no longer applies."""

from django_tasks import task

from . import emails


@task()
def registration_status_send(*, registration_id: int) -> bool:
    return emails.status_send(registration_id=registration_id)


@task()
def registration_promoted_send(*, registration_id: int) -> bool:
    return emails.promoted_send(registration_id=registration_id)


@task()
def registration_paid_send(*, registration_id: int) -> bool:
    return emails.paid_send(registration_id=registration_id)


@task()
def event_reminders_send() -> int:
    from .services import event_reminders_send as send

    return send()
