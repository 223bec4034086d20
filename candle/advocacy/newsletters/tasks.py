"""Background work for newsletters (django-tasks: immediate in dev and tests, the database
worker in production). The task only sends deliveries still waiting, claiming each row before
its mail goes, so running it twice or again after a crash mails nobody twice."""

from django_tasks import task

from . import services


@task()
def newsletter_send_task(*, issue_id: int) -> int:
    return services.newsletter_deliver(issue_id=issue_id)
