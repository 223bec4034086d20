"""Background work for supporters (django-tasks; immediate in dev and tests). Enqueued on
commit by the public views with nothing but an id or the address typed, so that the request
does the same work whoever the address belongs to: the lookups and the mail happen here."""

from django_tasks import task

from . import access, confirmations


@task()
def access_link_send_task(*, email: str) -> bool:
    return access.access_link_send(email=email)


@task()
def pending_join_send_task(*, pending_join_id: int) -> bool:
    return confirmations.pending_join_send(pending_join_id=pending_join_id)


@task()
def email_change_send_task(*, change_id: int) -> str:
    return confirmations.email_change_send(change_id=change_id)


@task()
def email_changed_notify_task(*, change_id: int, old: str) -> bool:
    return confirmations.email_changed_notify(change_id=change_id, old=old)
