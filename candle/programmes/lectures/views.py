"""Public views of lecture booking: the request form (GET shows it, POST stores it once), the
answer after it, and the survey through its signed link. Private: never cached, never indexed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from candle.core.ratelimit import Limit
from candle.programmes.views import _language, _render, private, rate_limited

from .forms import LectureRequestForm, SurveyForm
from .models import LectureRequest
from .services import REQUEST_FIELDS, lecture_request_create, lecture_survey_answer
from .tokens import survey_token_read

RATE_LIMITS = {
    "request": (Limit(count=10, seconds=3600), Limit(count=5, seconds=3600)),
    "survey": (Limit(count=20, seconds=3600), Limit(count=5, seconds=3600)),
}


@private
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    language = _language()
    form = LectureRequestForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        limited = rate_limited(
            request,
            scope="programmes.lecture_request",
            limits=RATE_LIMITS["request"],
            target=data["email"],
        )
        if limited:
            return limited
        lecture_request_create(
            submission_token=data["submission_token"],
            consent_text=form.consent_text,
            **{name: data[name] for name in REQUEST_FIELDS},
        )
        return redirect(reverse("programmes:lecture_requested"))
    status = 400 if form.is_bound else 200
    return _render(request, "programmes/lectures/request.html", {"form": form}, status=status)


@private
@require_GET
def requested(request: HttpRequest) -> HttpResponse:
    return _render(request, "programmes/lectures/requested.html")


@private
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    lecture_id = survey_token_read(token)
    lecture = (
        LectureRequest.objects.filter(
            pk=lecture_id,
            survey_sent_at__isnull=False,
            status__in=[LectureRequest.Status.SCHEDULED, LectureRequest.Status.GIVEN],
        ).first()
        if lecture_id
        else None
    )
    if lecture is None:
        return _render(request, "programmes/lectures/survey_invalid.html", status=400)
    if lecture.survey_answered_at is not None:
        return _render(request, "programmes/lectures/survey_done.html", {"lecture": lecture})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = rate_limited(
            request,
            scope="programmes.lecture_survey",
            limits=RATE_LIMITS["survey"],
            target=str(lecture.pk),
        )
        if limited:
            return limited
        lecture_survey_answer(
            lecture_id=lecture.pk,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        return _render(request, "programmes/lectures/survey_done.html", {"lecture": lecture})
    status = 400 if form.is_bound else 200
    return _render(
        request,
        "programmes/lectures/survey.html",
        {"lecture": lecture, "form": form},
        status=status,
    )
