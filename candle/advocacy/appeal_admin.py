"""Staff screens for appeals in the Wagtail admin: the delivery packs of an appeal (request
one, watch its progress, download it). Downloads are exports of personal data: step-up first,
then an audit entry (``export``) before the file leaves."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candle.access.stepup import stepup_required
from candle.audit.log import record
from candle.core.encryption.files import encrypted_file_response

from .appeals import appeal_count
from .delivery import delivery_pack_request
from .models import AppealPage, DeliveryPack

VIEW_PERMISSION = "advocacy.view_signature"
EXPORT_PERMISSION = "advocacy.export_signature"
ID_MAX = 2**31 - 1


class PackForm(forms.Form):
    include_comments = forms.BooleanField(
        label=gettext_lazy("Include the signers' comments"), required=False
    )


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _appeal(appeal_id: int) -> AppealPage:
    appeal = AppealPage.objects.filter(pk=appeal_id).first() if appeal_id <= ID_MAX else None
    if appeal is None:
        raise Http404
    return appeal


def appeals_index(request: HttpRequest) -> HttpResponse:
    """Every appeal (all languages' originals) with its count and a link to its packs."""
    _require(request, VIEW_PERMISSION)
    appeals = list(
        AppealPage.objects.filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("-first_published_at", "-pk")
    )
    seen, rows = set(), []
    for appeal in appeals:
        if appeal.translation_key in seen:
            continue
        seen.add(appeal.translation_key)
        rows.append({"appeal": appeal, "count": appeal_count(appeal_key=appeal.translation_key)})
    return TemplateResponse(request, "advocacy/admin/appeals.html", {"rows": rows})


def delivery(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """GET: the appeal's packs with their progress; POST: queue a new one."""
    _require(request, VIEW_PERMISSION)
    appeal = _appeal(appeal_id)
    form = PackForm(request.POST or None)
    if request.method == "POST":
        _require(request, EXPORT_PERMISSION)
        if form.is_valid():
            delivery_pack_request(
                appeal=appeal,
                include_comments=form.cleaned_data["include_comments"],
                user=request.user,
            )
            messages.success(request, _("The delivery pack is being built."))
            return redirect(reverse("advocacy_delivery", args=[appeal.pk]))
    packs = list(DeliveryPack.objects.filter(appeal=appeal).order_by("-created_at")[:20])
    building = any(p.status in (DeliveryPack.Status.QUEUED, "building") for p in packs)
    return TemplateResponse(
        request,
        "advocacy/admin/delivery.html",
        {
            "appeal": appeal,
            "packs": packs,
            "form": form,
            "building": building,
            "count": appeal_count(appeal_key=appeal.translation_key),
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
        },
    )


@stepup_required
def delivery_download(request: HttpRequest, pack_id: int, kind: str) -> HttpResponse:
    """The pack's PDF or CSV: export permission, step-up, an audit entry, then the file."""
    _require(request, EXPORT_PERMISSION)
    if kind not in ("pdf", "csv") or pack_id > ID_MAX:
        raise Http404
    pack = DeliveryPack.objects.filter(pk=pack_id, status=DeliveryPack.Status.DONE).first()
    if pack is None:
        raise Http404
    field_file = pack.pdf if kind == "pdf" else pack.csv
    record(
        "export",
        request=request,
        target=pack,
        count=pack.signature_count,
        detail=f"advocacy delivery pack {kind}",
    )
    return encrypted_file_response(
        request,
        field_file,
        permission=EXPORT_PERMISSION,
        filename=f"appeal-{pack.appeal_id}-pack-{pack.pk}.{kind}",
    )
