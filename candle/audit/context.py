"""The request being served, for entries written where no request is at hand (model signals)."""

from __future__ import annotations

from contextvars import ContextVar

_request: ContextVar = ContextVar("candle_audit_request", default=None)


def current_request():
    return _request.get()


def request_set(request):
    """Set the current request; returns the token that ``request_reset`` takes."""
    return _request.set(request)


def request_reset(token) -> None:
    _request.reset(token)
