"""Staff views beside the snippet viewsets: duplicates and merging, and "forget me".
Each checks its own permission; both are never cached."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from candle.audit.log import record

from .models import Supporter
from .selectors import supporter_duplicate_groups
from .services import supporter_anonymise, supporter_merge

MERGE_PERMISSION = "supporters.merge_supporter"
FORGET_PERMISSION = "supporters.anonymise_supporter"


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
def duplicates(request: HttpRequest) -> HttpResponse:
    _require(request, MERGE_PERMISSION)
    if request.method == "POST":
        try:
            kept_id = int(request.POST.get("kept", ""))
            group_ids = {int(value) for value in request.POST.getlist("member")}
        except ValueError:
            messages.error(request, _("The merge request was not understood. Nothing was changed."))
            return redirect(reverse("supporters_admin:duplicates"))
        if kept_id not in group_ids or len(group_ids) < 2:
            messages.error(request, _("Choose which record to keep. Nothing was changed."))
            return redirect(reverse("supporters_admin:duplicates"))
        people = Supporter.objects.in_bulk(group_ids)
        kept = people.get(kept_id)
        merged = 0
        try:
            for pk in sorted(group_ids - {kept_id}):
                if kept is not None and pk in people:
                    supporter_merge(kept=kept, duplicate=people[pk], user=request.user)
                    merged += 1
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if merged:
            messages.success(
                request,
                _("%(count)s records were merged into %(name)s.")
                % {"count": merged, "name": kept.name},
            )
        return redirect(reverse("supporters_admin:duplicates"))
    groups = supporter_duplicate_groups()
    return render(
        request,
        "supporters/admin/duplicates.html",
        {
            "groups": groups,
            "header_title": _("Duplicate supporters"),
            "page_title": _("Duplicate supporters"),
            "header_icon": "group",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def forget(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, FORGET_PERMISSION)
    supporter = Supporter.objects.filter(pk=pk).first()
    if supporter is None:
        raise Http404
    if request.method == "POST":
        supporter_anonymise(supporter=supporter)
        messages.success(request, _("The supporter was anonymised. Their gifts stay in the books."))
        return redirect(reverse("wagtailsnippets_supporters_supporter:list"))
    record("record.view", request=request, target=supporter)
    return render(
        request,
        "supporters/admin/forget.html",
        {
            "supporter": supporter,
            "header_title": _("Forget a supporter"),
            "page_title": _("Forget a supporter"),
            "header_icon": "warning",
        },
    )
