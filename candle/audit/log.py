"""The audit log's one entry point: ``record()``. Every app writes its entries through it.

(Placeholder while the log is built on its own branch: the signature is the contract; the body
is replaced there. Callers elsewhere may call it already.)

Actions are dotted names, noun then verb:

- ``signin.success``, ``signin.failure``, ``signout``
- ``otp.enrol``, ``otp.verify``, ``otp.failure``, ``otp.recovery_used``, ``otp.reset`` (a
  superuser reset another account's factors), ``otp.stepup`` (asked again before a sensitive act)
- ``record.view`` (a person's record shown: supporter, donor, applicant, case)
- ``record.create``, ``record.change``, ``record.delete`` (``fields``: the names changed, never
  their values)
- ``taxid.reveal`` (a resident number shown in full)
- ``export`` (``count``: rows; ``detail``: what was exported)
- ``permissions.change`` (a user's groups or permissions, a group's permissions)
"""

from __future__ import annotations

from collections.abc import Iterable


def record(
    action: str,
    *,
    request=None,
    actor=None,
    target=None,
    fields: Iterable[str] = (),
    count: int | None = None,
    detail: str = "",
) -> None:
    """Append one entry. ``actor`` defaults to ``request.user``; ``target`` is a model instance
    (stored as its content type and primary key, and a short label) or None."""
