"""Testimony screens under ``/admin/casework/testimonies/``: the list, a case's testimony panel,
and the forms for the testimony and its events, acts, victims, sources and interventions.

Every view: casework staff only (``can_use_casework``), records through the checked getters
(``candle.casework.testimonies``: the same 404 for missing and hidden), and a ``record.view``
entry before a record's contents are shown (the panel, and each edit form, which shows them too).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from candle.audit.log import record
from candle.operations.once import submission_first

from .access import NOT_FOUND
from .admin_core import casework_view
from .forms_testimonies import PART_FORMS, TestimonyForm
from .models import Testimony
from .testimonies import (
    PARTS,
    testimony_case_get,
    testimony_cases_visible_to,
    testimony_detail,
    testimony_get,
    testimony_part_get,
    testimony_part_save,
    testimony_save,
)


@casework_view
def testimony_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "casework/admin/testimony_index.html",
        {"cases": testimony_cases_visible_to(request.user)[:200]},
    )


@casework_view
def testimony_panel(request: HttpRequest, case_number: str) -> HttpResponse:
    case = testimony_case_get(request.user, case_number=case_number)
    testimony = Testimony.objects.select_related("interviewer").filter(case=case).first()
    record("record.view", request=request, target=case, detail="testimony")
    context = {"case": case, "testimony": testimony}
    if testimony is not None:
        context.update(testimony_detail(testimony))
    return TemplateResponse(request, "casework/admin/testimony_panel.html", context)


@casework_view
def testimony_edit(request: HttpRequest, case_number: str) -> HttpResponse:
    """Record the case's testimony, or change it."""
    case = testimony_case_get(request.user, case_number=case_number)
    testimony = Testimony.objects.filter(case=case).first()
    if testimony is not None:
        record("record.view", request=request, target=case, detail="testimony.edit")
    form = TestimonyForm(request.POST or None, instance=testimony)
    if request.method == "POST" and form.is_valid():
        testimony_save(form=form, case=case)
        messages.success(request, _("The testimony is saved."))
        return redirect("casework_testimony", case_number=case.case_number)
    return TemplateResponse(
        request,
        "casework/admin/testimony_form.html",
        {"case": case, "form": form, "heading": pgettext("testimonies", "Testimony")},
    )


def _part_form_response(request, *, testimony, part: str, instance=None) -> HttpResponse:
    form_class = PART_FORMS[part]
    form = form_class(request.POST or None, instance=instance, testimony=testimony)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("submission_token")
        with transaction.atomic():
            if token and not submission_first(token):
                messages.info(request, _("This form was sent already; it is saved once."))
            else:
                testimony_part_save(form=form, testimony=testimony)
                messages.success(request, _("Saved."))
        return redirect("casework_testimony", case_number=testimony.case.case_number)
    return TemplateResponse(
        request,
        "casework/admin/testimony_form.html",
        {
            "case": testimony.case,
            "form": form,
            "heading": PARTS[part]._meta.verbose_name,
            "instance": instance,
        },
    )


@casework_view
def testimony_part_add(request: HttpRequest, case_number: str, part: str) -> HttpResponse:
    if part not in PARTS:
        raise Http404(NOT_FOUND)
    testimony = testimony_get(request.user, case_number=case_number)
    return _part_form_response(request, testimony=testimony, part=part)


@casework_view
def testimony_part_edit(request: HttpRequest, case_number: str, part: str, pk: int) -> HttpResponse:
    testimony = testimony_get(request.user, case_number=case_number)
    instance = testimony_part_get(testimony=testimony, part=part, pk=pk)
    record("record.view", request=request, target=instance)
    return _part_form_response(request, testimony=testimony, part=part, instance=instance)
