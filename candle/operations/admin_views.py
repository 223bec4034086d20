"""The failed-jobs screen: failed background tasks, failed or abandoned scheduled runs, and
mail the outbox could not deliver, each with a retry button (POST). Superusers, or staff with
``operations.manage_jobs``: tracebacks can name addresses, so nobody else sees them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from candle.audit.log import record

from .mail import outbox_retry
from .models import JobRun, OutboundEmail
from .runner import job_run_retry
from .services import task_result_retry

PERMISSION = "operations.manage_jobs"
SHOWN = 100
STUCK_AFTER = dt.timedelta(hours=1)


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def failed_jobs(request: HttpRequest) -> HttpResponse:
    _require(request)
    now = timezone.now()
    tasks = DBTaskResult.objects.filter(
        Q(status="FAILED") | Q(status="RUNNING", started_at__lt=now - STUCK_AFTER)
    ).order_by("-enqueued_at")[:SHOWN]
    runs = JobRun.objects.filter(
        Q(status__in=[JobRun.Status.FAILED, JobRun.Status.RETRY])
        | Q(status=JobRun.Status.RUNNING, lease_until__lt=now)
    ).order_by("-started_at")[:SHOWN]
    mails = (
        OutboundEmail.objects.filter(
            Q(status=OutboundEmail.Status.FAILED)
            | Q(status=OutboundEmail.Status.QUEUED, attempts__gt=0)
        )
        .defer("mime", "recipients")
        .order_by("-created_at")[:SHOWN]
    )
    return TemplateResponse(
        request,
        "operations/failed_jobs.html",
        {
            "tasks": [
                {
                    "row": row,
                    "name": row.task_path.rsplit(".", 1)[-1],
                    "error": (row.traceback or "").strip().splitlines()[-1:],
                }
                for row in tasks
            ],
            "runs": runs,
            "mails": mails,
        },
    )


def _retried(request: HttpRequest, done: bool, what: str, target=None) -> HttpResponse:
    if done:
        record("job.retry", request=request, target=target, detail=what)
        messages.success(request, _("Another attempt has been asked for."))
    else:
        messages.warning(request, _("Nothing to retry: it is no longer failed."))
    return redirect("operations_failed_jobs")


@require_POST
def task_retry(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    _require(request)
    return _retried(request, task_result_retry(result_id=result_id), f"task {result_id}")


@require_POST
def run_retry(request: HttpRequest, run_id: int) -> HttpResponse:
    _require(request)
    run = JobRun.objects.filter(pk=run_id).first()
    done = run is not None and job_run_retry(run_id=run_id)
    return _retried(request, done, f"scheduled job {run.job if run else run_id}", run)


@require_POST
def mail_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    _require(request)
    message = OutboundEmail.objects.filter(pk=message_id).defer("mime").first()
    done = message is not None and outbox_retry(message_id=message_id)
    return _retried(request, done, f"e-mail {message_id}", message)
