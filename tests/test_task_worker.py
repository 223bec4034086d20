"""Background work in production: stored in the database, run by ``manage.py db_worker``
(issue 26, first bullet; issue 20, item 10).

Production selects django-tasks-db's database backend; with it, the "send me my link" form
only stores a task, the mail leaves when the worker runs, and the worker runs each task at
most once: a task that failed, or one a dead worker left "running", is never taken again.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from candle.core.tests.test_production_settings import _run, _safe_environment
from candle.supporters.factories import SupporterFactory

ROOT = Path(__file__).resolve().parents[1]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RUNS: list[str] = []


@task()
def failing_task(*, note: str) -> None:
    RUNS.append(note)
    raise RuntimeError("the mail server refused")


@task()
def noting_task(*, note: str) -> str:
    RUNS.append(note)
    return note


def _worker_run() -> None:
    """``manage.py db_worker`` until the queue is empty, in this process (its signal handlers
    put back afterwards, so pytest's Ctrl-C still works)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.fixture(autouse=True)
def _clean():
    from django.core.cache import cache

    cache.clear()  # the forms' rate limits
    RUNS.clear()
    yield
    RUNS.clear()


def test_production_runs_tasks_in_the_database_worker(tmp_path):
    result = _run(
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        _safe_environment(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"


def test_dev_and_tests_still_run_tasks_at_once(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_the_worker_command_is_there_for_the_production_backend():
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--batch" in result.stdout


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_access_link_is_mailed_by_the_worker_not_in_the_request(client):
    supporter = SupporterFactory(email="gamyeong@candle.example", preferred_language="en")
    known = client.post("/ko/supporters/me/", {"email": supporter.email})
    stranger = client.post("/ko/supporters/me/", {"email": "nobody@candle.example"})

    # The request stored one task per address, the same for both, and sent nothing.
    assert known.status_code == stranger.status_code == 302
    assert not mail.outbox
    queued = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
    assert [row.task_path for row in queued] == [
        "candle.supporters.tasks.access_link_send_task"
    ] * 2
    assert [row.args_kwargs["kwargs"] for row in queued] == [
        {"email": "gamyeong@candle.example"},
        {"email": "nobody@candle.example"},
    ]

    _worker_run()

    assert [message.to for message in mail.outbox] == [["gamyeong@candle.example"]]
    assert "/en/supporters/" in mail.outbox[0].body  # the supporter's language, not the request's
    assert sorted(DBTaskResult.objects.values_list("status", "return_value")) == [
        ("SUCCESSFUL", False),
        ("SUCCESSFUL", True),
    ]
    _worker_run()  # nothing is left to run: no second mail
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_never_runs_a_task_twice():
    failed = failing_task.enqueue(note="failed")
    left_running = noting_task.enqueue(note="left running")
    # A worker killed mid-task leaves its row "running", claimed by it.
    DBTaskResult.objects.filter(id=left_running.id).update(status="RUNNING")
    done = noting_task.enqueue(note="done")

    _worker_run()
    _worker_run()

    assert RUNS == ["failed", "done"]  # each once; the abandoned one not again
    rows = {str(row.id): row for row in DBTaskResult.objects.all()}
    assert rows[failed.id].status == "FAILED"
    assert "the mail server refused" in rows[failed.id].traceback
    assert rows[left_running.id].status == "RUNNING"
    assert rows[done.id].status == "SUCCESSFUL" and rows[done.id].return_value == "done"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_document_is_read_indexed_and_deleted_by_the_worker():
    """The tasks a document's life enqueues (Candle's text extraction, modelsearch's index,
    Wagtail's reference index and file deletion) all store JSON arguments and run elsewhere."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection

    from candle.core.models import CandleDocument
    from candle.pages.factories import CandleDocumentFactory

    # An earlier test's flush (transaction=True) emptied the rows migrations made.
    ContentType.objects.clear_cache()
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    document = CandleDocumentFactory(title="Worker report on the detention camps")
    storage, name = document.file.storage, document.file.name
    queued = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    assert "candle.search.tasks.document_text_extract" in queued
    assert "modelsearch.tasks.insert_or_update_object_task" in queued
    document.refresh_from_db()
    assert document.text_status == CandleDocument.TextStatus.PENDING  # not read in the request

    _worker_run()

    document.refresh_from_db()
    assert document.text_status == CandleDocument.TextStatus.DONE
    assert "detention camps" in document.text
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()

    document.delete()
    assert storage.exists(name)  # the file goes when the worker runs
    _worker_run()
    assert not storage.exists(name)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
