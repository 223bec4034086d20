"""Makes the request being served known to ``record()`` while it is served.

It writes nothing: public pages pass through it without touching the database. Placed after
``AuthenticationMiddleware`` (``request.user`` is read lazily, when an entry is written)."""

from __future__ import annotations

from .context import request_reset, request_set


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_set(request)
        try:
            return self.get_response(request)
        finally:
            request_reset(token)
