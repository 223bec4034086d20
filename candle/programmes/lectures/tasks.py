"""Background work of lecture booking (django-tasks; immediate in dev and tests), enqueued on
commit with ids only. Each reads the row again and does nothing when it no longer applies."""

from django_tasks import task


@task()
def lecture_confirmation_send(*, lecture_id: int) -> bool:
    from .emails import confirmation_send
    from .models import LectureRequest

    lecture = LectureRequest.objects.filter(
        pk=lecture_id, status=LectureRequest.Status.SCHEDULED
    ).first()
    if lecture is None:
        return False
    sent = confirmation_send(lecture=lecture)
    if sent:
        from django.utils import timezone

        LectureRequest.objects.filter(pk=lecture_id).update(confirmation_sent_at=timezone.now())
    return sent


@task()
def lecture_cancellation_send(*, lecture_id: int) -> bool:
    """Only for a lecture still cancelled whose confirmation (and its calendar entry) went out."""
    from .emails import cancellation_send
    from .models import LectureRequest

    lecture = LectureRequest.objects.filter(
        pk=lecture_id,
        status=LectureRequest.Status.CANCELLED,
        confirmation_sent_at__isnull=False,
        scheduled_at__isnull=False,
    ).first()
    if lecture is None:
        return False
    return cancellation_send(lecture=lecture)
