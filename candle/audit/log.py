"""The audit log's one entry point: ``record()``. Every app writes its entries through it;
rows written without model signals (a queryset ``update()``, ``bulk_create``) are logged
through ``candle.audit.rows``, which builds its entries with the same ``entry_build``.

An entry is written in the caller's transaction: an act that rolls back leaves no entry, an act
that commits never loses its entry. Reads (``record.view``, ``taxid.reveal``, ``export``) call it
before the data leaves the server; admin views run in autocommit (no ``ATOMIC_REQUESTS``), so
the entry is committed at once and stays even if the request fails afterwards.

Without ``request`` the request being served is used when there is one (set by
``candle.audit.middleware.AuditRequestMiddleware``), so entries written from model signals
still name the staff member and their address.

Actions are dotted names, noun then verb:

- ``signin.success``, ``signin.failure``, ``signout``
- ``otp.enrol``, ``otp.verify``, ``otp.failure``, ``otp.recovery_used``, ``otp.reset`` (a
  superuser reset another account's factors), ``otp.stepup`` (asked again before a sensitive act)
- ``record.view`` (a person's record shown: supporter, donor, applicant, case)
- ``record.create``, ``record.change``, ``record.delete`` (``fields``: the names changed, never
  their values)
- ``taxid.reveal`` (a resident number shown in full)
- ``export`` (``count``: rows; ``detail``: what was exported)
- ``export.prepare``, ``export.approve``, ``export.reject`` (casework's researcher export made
  ready for review, released or refused by a supervisor; ``count``: rows)
- ``permissions.change`` (a user's groups or permissions, a group's permissions)
- ``case.grant``, ``case.withdraw`` (a caseworker given or denied access to a case; ``detail``
  names the caseworker)
- ``backup.create``, ``backup.restore`` (``manage.py backup``/``restore``; ``count``: rows;
  ``detail``: the archive's file name)
- ``job.retry`` (staff asked for another run of a failed background task, scheduled job or
  e-mail: ``candle.operations``)
- ``figures.publish`` (staff published casework's public figures: counts only; ``detail``: as of)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils import timezone

from candle.core.client_address import client_address

from .context import current_request


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
    from .chain import entry_append

    entry = entry_build(
        action,
        request=request,
        actor=actor,
        target=target_of(target),
        fields=fields,
        count=count,
        detail=detail,
    )
    entry_append(entry)


def target_of(target) -> tuple[str, str, str]:
    """``entry_build``'s ``target`` for a model instance (or None): its type, key and label."""
    if target is None:
        return ("", "", "")
    target_id = "" if target.pk is None else str(target.pk)[:64]
    return (f"{target._meta.app_label}.{target._meta.model_name}", target_id, target_label(target))


def entry_build(
    action: str,
    *,
    request=None,
    actor=None,
    target: tuple[str, str, str] = ("", "", ""),
    fields: Iterable[str] = (),
    count: int | None = None,
    detail: str = "",
):
    """An unsaved entry (``target``: type, key, label, ``target_of(instance)``), not yet in
    the chain: ``record()`` and ``candle.audit.rows`` append it, or a caller appends it in a
    statement of its own (``chain.entry_insert_sql``, a signature)."""
    from .models import AuditEntry

    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
    target_type, target_id, label = target
    return AuditEntry(
        at=timezone.now(),
        actor=actor,
        actor_username=actor.get_username()[:150] if actor is not None else "",
        action=action[:40],
        target_type=target_type,
        target_id=target_id,
        target_label=label,
        fields=sorted({str(name) for name in fields}),
        count=count,
        detail=str(detail)[:500],
        client_address=client_address(request)[:45] if request is not None else "",
        path=request.path[:300] if request is not None else "",
    )


def target_label(target) -> str:
    """The model's class name and key (``Supporter #123``), never the record's own text: a
    person's name would outlive their "forget me" here. A staff account adds its username,
    which the log names as actor anyway."""
    label = f"{type(target).__name__} #{target.pk}"
    if isinstance(target, get_user_model()):
        label += f" ({target.get_username()})"
    return label[:150]
