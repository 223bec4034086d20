"""Staff screens for youth programme applications (admin menu "Programmes"): the programmes
the user reviews with their numbers, a programme's applications, one application (answers,
files, the rubric, notes, status) and a file's download.

Every screen goes through ``access``: the user needs ``programmes.view_application`` and
membership of the programme's reviewing group, or gets 404, the same as for an application
that does not exist. Reading an application, the list of a programme's applicants and each
file download are written to the audit log; changes need ``programmes.change_application``."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from candle.audit.log import record
from candle.core.encryption.files import encrypted_file_response

from .access import (
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    application_get_for_user,
    programme_get_for_user,
    programmes_for_user,
)
from .models import Application, ApplicationScore
from .services import (
    STAFF_STATUSES,
    application_note_add,
    application_scores_set,
    application_status_set,
)


def programmes(request: HttpRequest) -> HttpResponse:
    rows = list(programmes_for_user(request.user).order_by("-applications_close_at"))
    if not rows and not request.user.has_perm(VIEW_PERMISSION):
        raise Http404
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Application.objects.filter(programme__in=rows)
        .values("programme_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[row["programme_id"]][row["status"]] = row["n"]
    statuses = Application.Status.choices
    table = [
        {"programme": p, "counts": [counts[p.pk].get(value, 0) for value, _label in statuses]}
        for p in rows
    ]
    return TemplateResponse(
        request,
        "programmes/youth/admin/programmes.html",
        {"rows": table, "statuses": statuses},
    )


def applications(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, programme_id=programme_id)
    rows = list(
        Application.objects.filter(programme=programme)
        .annotate(reviewers=Count("scores__reviewer", distinct=True))
        .order_by("created_at", "pk")
    )
    record("record.view", request=request, target=programme, count=len(rows), detail="applications")
    return TemplateResponse(
        request,
        "programmes/youth/admin/applications.html",
        {"programme": programme, "applications": rows},
    )


def _scores(application: Application, criteria: list[dict], user) -> dict:
    mine, totals = {}, defaultdict(list)
    for score in ApplicationScore.objects.filter(application=application):
        totals[score.criterion].append(score.points)
        if score.reviewer_id == user.pk:
            mine[score.criterion] = score.points
    return {
        "rows": [
            {
                **c,
                "mine": mine.get(c["id"]),
                "average": round(sum(totals[c["id"]]) / len(totals[c["id"]]), 1)
                if totals[c["id"]]
                else None,
                "count": len(totals[c["id"]]),
            }
            for c in criteria
        ],
    }


def _post(request: HttpRequest, application: Application) -> None:
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise Http404
    action = request.POST.get("action", "")
    if action == "status":
        application_status_set(
            application=application, status=request.POST.get("status", ""), by=request.user
        )
        record("record.change", request=request, target=application, fields=["status"])
    elif action == "scores":
        points = {}
        for criterion in application.programme.criterion_list():
            raw = (request.POST.get(f"points_{criterion['id']}") or "").strip()
            if raw == "":
                continue
            if not raw.isascii() or not raw.isdigit() or len(raw) > 3:
                raise ValidationError(_("Points must be between 0 and the criterion's maximum."))
            points[criterion["id"]] = int(raw)
        application_scores_set(application=application, reviewer=request.user, points=points)
        record("record.change", request=request, target=application, fields=["scores"])
    elif action == "note":
        application_note_add(
            application=application, author=request.user, body=request.POST.get("body", "")
        )
        record("record.change", request=request, target=application, fields=["notes"])
    else:
        raise ValidationError(_("Unknown action."))


@require_http_methods(["GET", "HEAD", "POST"])
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, application_id=application_id)
    if request.method == "POST":
        try:
            _post(request, application)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
        return redirect(reverse("youth_application", args=[application.pk]))
    record("record.view", request=request, target=application)
    programme = application.programme
    context = {
        "application": application,
        "programme": programme,
        "reviewable": application.reviewable,
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
        "statuses": [(v, label) for v, label in Application.Status.choices if v in STAFF_STATUSES],
    }
    if application.reviewable:
        context.update(
            answers=application.answers,
            files=list(application.files.all()),
            scores=_scores(application, programme.criterion_list(), request.user),
            notes=list(application.notes.select_related("author")),
        )
    return TemplateResponse(request, "programmes/youth/admin/application.html", context)


def application_file(request: HttpRequest, application_id: int, file_id: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, application_id=application_id)
    if not application.reviewable:
        raise Http404
    stored = application.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    record("export", request=request, target=application, count=1, detail=f"file {stored.pk}")
    extension = stored.file.name.rsplit(".", 1)[-1]
    return encrypted_file_response(
        request,
        stored.file,
        permission=VIEW_PERMISSION,
        filename=f"application-{application.pk}-{stored.pk}.{extension}",
    )
