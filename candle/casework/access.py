"""Need to know: the one place that decides which cases a staff member may see.

- Case supervisors (``casework.change_caseaccessgrant``) and superusers see every case.
- Caseworkers (``casework.view_case``) see the cases they hold an open grant for.
- Everyone else sees none.

Every view, export and count reaches cases through ``cases_visible_to`` or a checked getter
(``case_get``, ``note_get``, ``document_get``). A record that does not exist and one the user may
not see raise the same ``Http404`` with the same message, so nothing tells them apart. The
getters do not log: the view that shows the record calls ``record("record.view", …)`` once it
is sure to show it (``case_view_logged``).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from candle.audit.log import record

from .models import Case, CaseAccessGrant, CaseDocument, CaseNote

SUPERVISE = "casework.change_caseaccessgrant"
VIEW = "casework.view_case"
NOT_FOUND = "No such case."


def can_supervise(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(SUPERVISE))


def can_use_casework(user) -> bool:
    """Whether the user may open casework's screens at all (their lists may still be empty)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(VIEW))


def cases_visible_to(user) -> QuerySet[Case]:
    if can_supervise(user):
        return Case.objects.all()
    if not can_use_casework(user):
        return Case.objects.none()
    granted = CaseAccessGrant.objects.filter(
        case=OuterRef("pk"), user=user, withdrawn_at__isnull=True
    )
    return Case.objects.filter(Exists(granted))


def case_get(user, *, case_number: str | None = None, pk: int | None = None) -> Case:
    """The case, or Http404 when it does not exist or the user may not see it."""
    if (case_number is None) == (pk is None):
        raise TypeError("case_get takes case_number or pk, not both")
    lookup = {"case_number": case_number} if case_number is not None else {"pk": pk}
    try:
        return cases_visible_to(user).get(**lookup)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def note_get(user, *, pk: int) -> CaseNote:
    try:
        return CaseNote.objects.select_related("case").get(pk=pk, case__in=cases_visible_to(user))
    except (CaseNote.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def document_get(user, *, pk: int) -> CaseDocument:
    try:
        return CaseDocument.objects.select_related("case").get(
            pk=pk, case__in=cases_visible_to(user)
        )
    except (CaseDocument.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def case_view_logged(request, case: Case) -> None:
    """Write the ``record.view`` entry for a case shown to ``request.user``."""
    record("record.view", request=request, target=case)
