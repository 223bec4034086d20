"""Staff screens for rescue cases (under ``/admin/casework/rescue/``), the public figures
(``/admin/casework/figures/``) and a campaign's rescue spending for giving staff
(``/admin/rescue-spending/``, outside casework: giving staff never open a casework screen).

Casework screens answer only to ``can_use_casework`` and reach cases only through the checked
getters: a case that is missing, hidden, or not a rescue case is the same 404. Every screen
that shows a case's rows writes ``record.view``; the CSV of a campaign's costs is step-up and
writes ``export``. Pseudonyms only, never a name.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.access.stepup import stepup_required
from candle.audit.log import record
from candle.core.params import param_choice

from .access import NOT_FOUND, can_supervise, can_use_casework, case_view_logged
from .figures import figures_compute, figures_publish
from .models import FigureSettings, FigureSnapshot
from .models.rescue import Stage
from .rescue_forms import CostForm, FigureSettingsForm, ReliefForm, StageForm
from .rescue_selectors import (
    campaign_costs_visible_to,
    campaign_spending,
    campaigns_charged,
    relief_get,
    rescue_case_get,
    rescue_cases_visible_to,
    rescue_cost_get,
    rescue_panel,
    stage_latest,
)
from .rescue_services import (
    relief_add,
    relief_change,
    rescue_cost_add,
    rescue_cost_change,
    rescue_stage_set,
)

SPENDING = "casework.view_campaign_spending"
CHANGE = "casework.change_case"


def _casework(request: HttpRequest) -> None:
    if not can_use_casework(request.user):
        raise Http404(NOT_FOUND)


def _writer(request: HttpRequest) -> None:
    if request.method == "POST" and not request.user.has_perm(CHANGE):
        raise PermissionDenied


def _case(request: HttpRequest, case_id: int):
    _casework(request)
    case = rescue_case_get(request.user, pk=case_id)
    _writer(request)
    return case


def _campaign(campaign_id: int):
    from candle.giving.models import CampaignPage

    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404(_("No such campaign."))
    return campaign


def rescue_index(request: HttpRequest) -> HttpResponse:
    _casework(request)
    cases = list(rescue_cases_visible_to(request.user))
    rows = [(case, stage_latest(case)) for case in cases]
    return TemplateResponse(
        request,
        "casework/rescue/index.html",
        {"rows": rows, "campaigns": campaigns_charged() if rows else []},
    )


def rescue_case(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    case_view_logged(request, case)
    return TemplateResponse(
        request,
        "casework/rescue/case.html",
        {
            "case": case,
            "case_label": f"{case.case_number} {case.pseudonym}",
            "panel": rescue_panel(case),
            "stage_form": StageForm(),
            "relief_form": ReliefForm(),
            "cost_form": CostForm(case=case),
            "can_change": request.user.has_perm(CHANGE),
        },
    )


def _apply(form, write) -> bool:
    """Run ``write`` if the form is valid; a service's ValidationError lands on the form."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _form_page(request, case, form, title: str, *, status: int = 200) -> HttpResponse:
    case_view_logged(request, case)
    return TemplateResponse(
        request,
        "casework/rescue/form.html",
        {
            "case": case,
            "case_label": f"{case.case_number} {case.pseudonym}",
            "form": form,
            "title": title,
        },
        status=status,
    )


def rescue_stage(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record or correct a stage (one row per stage: sending it again changes nothing)."""
    case = _case(request, case_id)
    title = _("Stage reached")
    if request.method != "POST":
        chosen = param_choice(request.GET, "stage", set(Stage.values))
        existing = case.rescue_stages.filter(stage=chosen).first() if chosen else None
        initial = (
            {"stage": chosen, "reached_on": existing.reached_on, "people": existing.people}
            if existing
            else {"stage": chosen}
            if chosen
            else {}
        )
        return _form_page(request, case, StageForm(initial=initial), title)
    form = StageForm(request.POST)
    if _apply(
        form,
        lambda data: rescue_stage_set(
            case=case,
            user=request.user,
            stage=data["stage"],
            reached_on=data["reached_on"],
            people=data["people"],
        ),
    ):
        messages.success(request, _("Stage recorded."))
        return redirect("casework_rescue:case", case_id=case.pk)
    return _form_page(request, case, form, title, status=400)


def rescue_relief(request: HttpRequest, case_id: int, pk: int | None = None) -> HttpResponse:
    case = _case(request, case_id)
    relief = relief_get(request.user, case=case, pk=pk) if pk is not None else None
    title = _("Relief given")
    if request.method != "POST":
        initial = {}
        if relief is not None:
            initial = {
                "kind": relief.kind,
                "given_on": relief.given_on,
                "stage": relief.stage,
                "note": relief.note,
            }
        return _form_page(request, case, ReliefForm(initial=initial), title)
    form = ReliefForm(request.POST)

    def write(data):
        fields = {k: data[k] for k in ("kind", "given_on", "stage", "note")}
        if relief is None:
            relief_add(case=case, user=request.user, form_token=data["form_token"], **fields)
        else:
            relief_change(relief=relief, **fields)

    if _apply(form, write):
        messages.success(request, _("Relief recorded."))
        return redirect("casework_rescue:case", case_id=case.pk)
    return _form_page(request, case, form, title, status=400)


_COST_FIELDS = ("amount", "spent_on", "kind", "stage", "detail", "campaign", "receipt")


def rescue_cost(request: HttpRequest, case_id: int, pk: int | None = None) -> HttpResponse:
    case = _case(request, case_id)
    cost = rescue_cost_get(request.user, case=case, pk=pk) if pk is not None else None
    title = _("Cost")
    if request.method != "POST":
        initial = {}
        if cost is not None:
            initial = {name: getattr(cost, name) for name in _COST_FIELDS}
        return _form_page(request, case, CostForm(initial=initial, case=case), title)
    form = CostForm(request.POST, case=case)

    def write(data):
        fields = {name: data[name] for name in _COST_FIELDS}
        if cost is None:
            rescue_cost_add(case=case, user=request.user, form_token=data["form_token"], **fields)
        else:
            rescue_cost_change(cost=cost, **fields)

    if _apply(form, write):
        messages.success(request, _("Cost recorded."))
        return redirect("casework_rescue:case", case_id=case.pk)
    return _form_page(request, case, form, title, status=400)


@stepup_required
def campaign_costs_csv(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The costs charged to a campaign, on the cases the exporter may see: case number and
    pseudonym, never a name or the cost's free-text detail."""
    from candle.giving.exports import rows_csv

    _casework(request)
    campaign = _campaign(campaign_id)
    costs = list(campaign_costs_visible_to(request.user, campaign=campaign))
    rows = [
        [
            _("Case number"),
            _("Pseudonym"),
            _("Spent on"),
            _("Stage"),
            _("What for"),
            _("Amount (KRW)"),
            _("Receipt"),
        ]
    ]
    for cost in costs:
        rows.append(
            [
                cost.case.case_number,
                cost.case.pseudonym,
                cost.spent_on.isoformat(),
                cost.get_stage_display(),
                cost.get_kind_display(),
                int(cost.amount),
                _("yes") if cost.receipt_id else _("no"),
            ]
        )
    name = f"rescue-costs-campaign-{campaign.pk}.csv"
    record("export", request=request, count=len(costs), detail=name)
    response = HttpResponse(rows_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- giving staff: a campaign's spending (no case, no pseudonym) ----------------------------


def _spending(request: HttpRequest) -> None:
    if not request.user.has_perm(SPENDING):
        raise PermissionDenied


def spending_index(request: HttpRequest) -> HttpResponse:
    _spending(request)
    return TemplateResponse(
        request, "casework/rescue/spending_index.html", {"campaigns": campaigns_charged()}
    )


def spending_campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    _spending(request)
    campaign = _campaign(campaign_id)
    return TemplateResponse(
        request,
        "casework/rescue/spending_campaign.html",
        {
            "campaign": campaign,
            "report": campaign_spending(campaign=campaign),
            "public": campaign_spending(campaign=campaign, public=True),
        },
    )


# --- supervisors: the public figures --------------------------------------------------------


def figures_admin(request: HttpRequest) -> HttpResponse:
    """Settings (delay, smallest cell, home page), what would be published now, "publish
    figures now", and what was published before."""
    if not can_supervise(request.user):
        raise Http404(NOT_FOUND)
    settings_row = FigureSettings.current()
    form = FigureSettingsForm(instance=settings_row)
    status = 200
    if request.method == "POST":
        action = param_choice(request.POST, "action", {"settings", "publish"})
        if action == "publish":
            figures_publish(user=request.user)
            messages.success(request, _("The figures are published."))
            return redirect("casework_figures:index")
        if action == "settings":
            form = FigureSettingsForm(request.POST, instance=settings_row)
            if form.is_valid():
                form.save()
                messages.success(
                    request, _("Settings saved. Publish to show figures counted with them.")
                )
                return redirect("casework_figures:index")
            status = 400
        else:
            messages.error(request, _("Choose what to do."))
            status = 400
    return TemplateResponse(
        request,
        "casework/figures/index.html",
        {
            "form": form,
            # a fresh row: an invalid form has written its values onto the one it was given
            "preview": figures_compute(settings_row=FigureSettings.current()),
            "snapshots": FigureSnapshot.objects.select_related("published_by")[:20],
            "today": timezone.localdate(),
        },
        status=status,
    )
