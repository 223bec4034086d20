"""Background work for appeals (django-tasks; immediate in dev and tests). Arguments are ids;
each task claims its row first, so a second run does nothing."""

from django_tasks import task

from . import delivery, signatures


@task()
def signature_link_send_task(*, signature_id: int) -> bool:
    return signatures.signature_link_send(signature_id=signature_id)


@task()
def delivery_pack_build_task(*, pack_id: int) -> bool:
    return delivery.delivery_pack_build(pack_id=pack_id)
