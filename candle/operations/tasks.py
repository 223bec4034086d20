"""Background work for operations: delivering one stored e-mail (``mail.py``)."""

from django_tasks import task

from . import mail


@task()
def outbox_deliver_task(*, message_id: int) -> str:
    return mail.outbox_deliver(message_id=message_id)
