"""Background work for giving (django-tasks; immediate in dev and tests). Enqueued on commit."""

from django_tasks import task

from . import emails


@task()
def donation_thank(*, donation_id: int) -> bool:
    return emails.donation_thank(donation_id=donation_id)


@task()
def pledge_cancelled_notify(*, pledge_id: int) -> bool:
    return emails.pledge_cancelled_notify(pledge_id=pledge_id)
