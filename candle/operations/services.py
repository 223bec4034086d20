"""Staff's acts on background work: another run of a failed task (django-tasks' stored result).

Scheduled jobs and stored mail have theirs beside them (``runner.job_run_retry``,
``mail.outbox_retry``)."""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def task_result_retry(*, result_id: uuid.UUID) -> bool:
    """Enqueue a failed task again with the same arguments, queue and priority, and remove the
    failed row in the same transaction (so a second press finds nothing and does nothing).
    False when the row is not a failed task any more, or its task no longer exists."""
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=result_id, status="FAILED").first()
        if row is None:
            return False
        try:
            task = import_string(row.task_path)
        except ImportError:
            logger.warning("task %s is gone; result %s left as it is", row.task_path, row.pk)
            return False
        args_kwargs = row.args_kwargs or {}
        row.delete()
        task.using(queue_name=row.queue_name, priority=row.priority).enqueue(
            *args_kwargs.get("args", []), **args_kwargs.get("kwargs", {})
        )
    logger.info("task %s retried (failed result %s)", row.task_path, result_id)
    return True
