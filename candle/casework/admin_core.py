"""Casework's staff screens under ``/admin/casework/``: the case list (the casework dashboard),
opening a case, a case's page, notes, documents and grants.

Plain Django views in Wagtail's admin templates rather than a Wagtail ModelViewSet: a viewset
brings its own edit, delete, history, usage, inspect and bulk-action URLs that reach rows by
primary key through its own queryset, and each would have to be closed again; here every view
reaches a record only through the checked getters of ``candle.casework.access``, answers the
same 404 for a record that is missing and one the user may not see, and writes ``record.view``
when it shows one.

Every view: ``casework_view`` (the user must be allowed casework at all, else the same 404);
Wagtail's ``register_admin_urls`` adds the sign-in check (anonymous: to sign-in) and
``hooks_core`` adds ``never_cache``. A form that creates a row carries a one-time token, so a
double submit stores nothing twice.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from candle.audit.log import record
from candle.core.encryption.files import encrypted_file_response
from candle.core.params import param_choice, param_int, param_text

from .access import (
    NOT_FOUND,
    can_supervise,
    can_use_casework,
    case_get,
    case_view_logged,
    cases_visible_to,
    document_get,
)
from .forms import CaseOpenForm, DocumentForm, GrantForm, NoteForm, WithdrawForm
from .models import Case, CaseAccessGrant
from .services import case_open, document_add, grant_give, grant_withdraw, note_add

PAGE_SIZE = 50
_TOKENS = "casework_form_tokens"


def casework_view(view):
    """Casework users only; everyone else gets the same 404 a hidden case gets."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_use_casework(request.user):
            raise Http404(NOT_FOUND)
        return view(request, *args, **kwargs)

    return wrapped


def supervisor_view(view):
    """Case supervisors only (grants); everyone else the same 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_supervise(request.user):
            raise Http404(NOT_FOUND)
        return view(request, *args, **kwargs)

    return wrapped


# --- one-time form tokens (a double submit stores nothing twice) ----------------------------


def form_token_new(request: HttpRequest) -> str:
    token = uuid.uuid4().hex
    tokens = [*request.session.get(_TOKENS, [])[-19:], token]
    request.session[_TOKENS] = tokens
    return token


def form_token_spend(request: HttpRequest) -> bool:
    """True once per token the form was given; False for a form sent twice (or forged)."""
    token = request.POST.get("once", "")
    tokens = request.session.get(_TOKENS, [])
    if not token or token not in tokens:
        return False
    tokens.remove(token)
    request.session[_TOKENS] = tokens
    return True


def form_page(request, *, title, form, case=None, action="", submit="", multipart=False):
    """One form on a page of its own (what a link without JavaScript opens)."""
    return TemplateResponse(
        request,
        "casework/admin/form.html",
        {
            "title": title,
            "form": form,
            "case": case,
            "action": action,
            "submit": submit or _("Save"),
            "multipart": multipart,
            "once": form_token_new(request),
        },
    )


def already_sent(request: HttpRequest, case: Case | None = None) -> HttpResponse:
    messages.warning(request, _("This form was already sent; nothing was saved twice."))
    return redirect(case_url(case) if case else reverse("casework_cases"))


def case_url(case: Case) -> str:
    return reverse("casework_case", args=[case.case_number])


# --- the list (the casework dashboard) -------------------------------------------------------


@casework_view
def case_list(request: HttpRequest) -> HttpResponse:
    from .dossiers import reminders_open_for

    kind = param_choice(request.GET, "kind", Case.Kind.values)
    status = param_choice(request.GET, "status", Case.Status.values)
    query = param_text(request.GET, "q", max_length=80)
    cases = cases_visible_to(request.user)
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if query:  # found by number and pseudonym only: nothing else is searchable
        cases = cases.filter(Q(case_number__istartswith=query) | Q(pseudonym__icontains=query))
    paginator = Paginator(cases.order_by("-opened_on", "-id"), PAGE_SIZE)
    page = paginator.get_page(param_int(request.GET, "p", default=1, minimum=1, maximum=10_000))
    return TemplateResponse(
        request,
        "casework/admin/case_list.html",
        {
            "page": page,
            "count": paginator.count,
            "kind": kind,
            "status": status,
            "query": query,
            "kinds": Case.Kind.choices,
            "statuses": Case.Status.choices,
            "reminders": list(reminders_open_for(request.user)[:20]),
        },
    )


@casework_view
def case_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CaseOpenForm(request.POST)
        if form.is_valid():
            if not form_token_spend(request):
                return already_sent(request)
            try:
                case = case_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if case.kind == Case.Kind.DISAPPEARANCE:
                    from .dossiers import dossier_open

                    dossier_open(case=case)
                messages.success(
                    request, _("Case %(number)s opened.") % {"number": case.case_number}
                )
                return redirect(case_url(case))
    else:
        form = CaseOpenForm()
    return form_page(request, title=_("Open a case"), form=form, submit=_("Open the case"))


# --- one case --------------------------------------------------------------------------------


def _caseworkers_to_grant(case: Case):
    permission = Permission.objects.get(content_type__app_label="casework", codename="view_case")
    holders = get_user_model().objects.filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True
    )
    open_grants = CaseAccessGrant.objects.filter(case=case, withdrawn_at__isnull=True)
    return holders.exclude(pk__in=open_grants.values("user")).distinct().order_by("username")


@casework_view
def case_detail(request: HttpRequest, case_number: str) -> HttpResponse:
    from .dossiers import dossier_for_case, dossier_missing

    case = case_get(request.user, case_number=case_number)
    case_view_logged(request, case)
    supervisor = can_supervise(request.user)
    dossier = dossier_for_case(case)
    context = {
        "case": case,
        "notes": case.notes.select_related("author"),
        "documents": case.documents.all(),
        "supervisor": supervisor,
        "dossier": dossier,
        "missing": dossier_missing(dossier) if dossier else [],
        "note_form": NoteForm(),
        "once": form_token_new(request),
    }
    if supervisor:
        context["grants"] = case.grants.select_related("user", "granted_by", "withdrawn_by")
        context["grant_form"] = GrantForm(caseworkers=_caseworkers_to_grant(case))
    return TemplateResponse(request, "casework/admin/case_detail.html", context)


@casework_view
def note_create(request: HttpRequest, case_number: str) -> HttpResponse:
    case = case_get(request.user, case_number=case_number)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_token_spend(request):
            return already_sent(request, case)
        note_add(case=case, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Note added."))
        return redirect(case_url(case))
    return form_page(request, title=_("Add a note"), form=form, case=case)


@casework_view
def document_create(request: HttpRequest, case_number: str) -> HttpResponse:
    case = case_get(request.user, case_number=case_number)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not form_token_spend(request):
            return already_sent(request, case)
        upload = form.cleaned_data["file"]
        document_add(
            case=case,
            by=request.user,
            title=form.cleaned_data["title"],
            upload=upload,
            content_type=upload.candle_content_type,
        )
        messages.success(request, _("Document stored, encrypted."))
        return redirect(case_url(case))
    return form_page(request, title=_("Add a document"), form=form, case=case, multipart=True)


@casework_view
def document_download(request: HttpRequest, case_number: str, document_id: int) -> HttpResponse:
    document = document_get(request.user, pk=document_id)
    if document.case.case_number != case_number:
        raise Http404(NOT_FOUND)
    record("record.view", request=request, target=document)
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "bin"
    return encrypted_file_response(
        request,
        document.file,
        permission="casework.view_casedocument",
        filename=f"{document.case.case_number}-{document.pk}.{extension}",
    )


# --- grants (supervisors) --------------------------------------------------------------------


@supervisor_view
def grant_create(request: HttpRequest, case_number: str) -> HttpResponse:
    case = case_get(request.user, case_number=case_number)
    form = GrantForm(request.POST or None, caseworkers=_caseworkers_to_grant(case))
    if request.method == "POST" and form.is_valid():
        try:
            grant_give(
                case=case,
                user=form.cleaned_data["user"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("Access given."))
            return redirect(case_url(case))
    return form_page(request, title=_("Give a caseworker access"), form=form, case=case)


@supervisor_view
def grant_remove(request: HttpRequest, case_number: str, grant_id: int) -> HttpResponse:
    case = case_get(request.user, case_number=case_number)
    grant = CaseAccessGrant.objects.filter(case=case, pk=grant_id).select_related("user").first()
    if grant is None:
        raise Http404(NOT_FOUND)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant_withdraw(grant=grant, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Access withdrawn."))
        return redirect(case_url(case))
    title = _("Withdraw %(user)s's access") % {"user": grant.user.get_username()}
    return form_page(request, title=title, form=form, case=case, submit=_("Withdraw"))
