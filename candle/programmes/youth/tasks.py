"""Background mail for applications (enqueued on commit by the services)."""

from django_tasks import task

from . import emails


@task()
def guardian_request(*, application_id: int) -> bool:
    return emails.guardian_request_send(application_id=application_id)


@task()
def decision(*, application_id: int) -> bool:
    return emails.decision_send(application_id=application_id)
