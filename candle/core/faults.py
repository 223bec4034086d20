"""The database gone in the middle of a request (restarted, failed over, a connection killed):
a reader gets the page, or a clear bilingual 503, never a 500.

``DatabaseFaultMiddleware`` sees the view's exception. When it is a lost or refused database
connection (``OperationalError``/``InterfaceError``), it closes the broken connections and:

* a ``GET``/``HEAD`` is run once more on a fresh connection (reading twice changes nothing);
* anything else (a form's ``POST``) is **not** repeated: its transaction was rolled back with
  the connection, so nothing of it was recorded, and the person gets the 503 page saying to
  send it again. Forms that record something carry a ``submission_token`` (gifts, dues), so
  even a POST whose commit did reach the database before the fault is recorded once when sent
  again (``giving.services.donation_start``).

``server_error`` (``handler500``) answers the same 503 page for a database fault raised outside
a view (a middleware saving the session), and the usual 500 page otherwise. The page is
rendered from a template alone: no context processor, no query.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils import translation

logger = logging.getLogger(__name__)
_RETRY = "_candle_database_retry"
_RETRIED = "_candle_database_retried"
RETRY_AFTER_SECONDS = 30


def database_fault(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def _connections_reset() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            if connection.in_atomic_block:
                connection.needs_rollback = True
            connection.close()
        except Exception:  # noqa: BLE001 - a dead connection may fail to close; it is dropped
            connection.connection = None


def database_unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """The bilingual 503 page (Korean first), with Retry-After; never cached."""
    posted = request is not None and request.method not in ("GET", "HEAD")
    with translation.override(settings.LANGUAGE_CODE):
        body = get_template("core/database_unavailable.html").render({"posted": posted})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def health_check_skipped_for_reads(sender=None, environ=None, scope=None, **kwargs) -> None:
    """``request_started``: a ``GET`` or ``HEAD`` reuses a kept connection without Django's
    health check (``CONN_HEALTH_CHECKS``: a ``SELECT 1`` round trip before the request's first
    query, on every request). A connection the server closed while it was idle fails on its
    first query instead, and ``DatabaseFaultMiddleware`` reads the page once more on a new
    connection, so the reader sees the page all the same. Anything else (a form's ``POST``)
    keeps the check: it must not meet a dead connection halfway. A connection the driver
    already knows is broken or closed is checked (and replaced) as before."""
    request = environ if environ is not None else (scope or {})
    method = request.get("REQUEST_METHOD") or request.get("method") or ""
    if method.upper() not in ("GET", "HEAD"):
        return
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        if (
            raw is None
            or not connection.health_check_enabled
            or getattr(raw, "closed", False)
            or getattr(raw, "broken", False)
        ):
            continue
        connection.health_check_done = True


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _RETRY, False):
            setattr(request, _RETRY, False)
            setattr(request, _RETRIED, True)
            logger.warning("database connection lost during %s: reading again", request.path)
            response = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not database_fault(exception):
            return None
        _connections_reset()
        if request.method in ("GET", "HEAD") and not getattr(request, _RETRIED, False):
            setattr(request, _RETRY, True)
            return HttpResponse(status=503)  # replaced by the second reading in __call__
        logger.warning(
            "database unavailable during %s %s: answered 503 (%s)",
            request.method,
            request.path,
            type(exception).__name__,
        )
        return database_unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page for a database fault, the usual 500 page otherwise."""
    if database_fault(sys.exc_info()[1]):
        _connections_reset()
        return database_unavailable_response(request)
    from candle.pages.views import server_error as page_server_error

    return page_server_error(request)
