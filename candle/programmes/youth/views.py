"""Public views: apply (POST from the programme page, multipart), the answer after it, and the
guardian's page (GET shows what will be collected and why; POST consents or refuses)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from candle.core.params import int_or_none
from candle.core.ratelimit import Limit

from ..views import _language, _render, private, rate_limited
from .emails import programme_in_language
from .forms import ApplicationForm
from .models import Application, YouthProgrammePage
from .services import application_submit, guardian_decide
from .tokens import GUARDIAN_MAX_AGE, guardian_token_read

RATE_LIMITS = {"apply": (Limit(count=10, seconds=3600), Limit(count=3, seconds=3600))}


def _programme_for_language(page_id: int | None) -> YouthProgrammePage | None:
    if page_id is None:
        return None
    return (
        YouthProgrammePage.objects.live()
        .public()
        .filter(pk=page_id, locale__language_code=_language())
        .select_related("locale")
        .first()
    )


def _render_programme(request, programme, form, status: int):
    context = programme.get_context(request, form=form)
    context["form"] = form
    context["files_again"] = bool(form.uploads) and bool(request.FILES or form.errors)
    return TemplateResponse(request, programme.get_template(request), context, status=status)


@private
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    programme = _programme_for_language(int_or_none(request.POST.get("page_id"), minimum=1))
    if programme is None:
        return _render(request, "programmes/youth/apply_invalid.html", status=400)
    form = ApplicationForm(request.POST, request.FILES, programme=programme)
    if programme.window_state() != "open":
        form.add_error(None, _("Applications for this programme are not open."))
        return _render_programme(request, programme, form, status=400)
    if not form.is_valid():
        if "website_url" in form.errors:  # a bot: the same answer as everyone, nothing stored
            return redirect(reverse("programmes:youth_applied", kwargs={"page_id": programme.pk}))
        return _render_programme(request, programme, form, status=400)
    data = form.cleaned_data
    limited = rate_limited(
        request, scope="programmes.youth_apply", limits=RATE_LIMITS["apply"], target=data["email"]
    )
    if limited:
        return limited
    try:
        application_submit(
            programme=programme,
            submission_token=data["submission_token"],
            name=data["name"],
            birth_date=data["birth_date"],
            email=data["email"],
            phone=data["phone"],
            school=data["school"],
            language=_language(),
            answers=form.answers(),
            files=form.files_given(),
            consent_text=form.consent_text,
            guardian_name=data.get("guardian_name", ""),
            guardian_email=data.get("guardian_email", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_programme(request, programme, form, status=400)
    return redirect(reverse("programmes:youth_applied", kwargs={"page_id": programme.pk}))


@private
def applied(request: HttpRequest, page_id: int) -> HttpResponse:
    programme = _programme_for_language(page_id)
    if programme is None:
        raise Http404
    return _render(request, "programmes/youth/applied.html", {"programme": programme})


def guardian_text(application: Application, programme: YouthProgrammePage) -> str:
    """What the guardian is shown and agrees to (stored with the decision)."""
    return _(
        "I am the parent or legal guardian of %(name)s (born %(born)s). I consent to the "
        "North Korean human-rights organisation collecting and using their personal data to "
        "consider their application to “%(programme)s”. Purpose: selecting participants and "
        "contacting them about the programme. Items: name, date of birth, e-mail, phone, school "
        "or occupation, the answers and files given, and my name and e-mail. Kept: until %(days)s "
        "days after the programme ends (%(ends)s), then erased. I may refuse; the application "
        "is then erased at once. I may later ask to see, correct or erase the data, or withdraw "
        "consent, by replying to the e-mail."
    ) % {
        "name": application.name,
        "born": application.birth_date,
        "programme": programme.title,
        "days": programme.retention_days,
        "ends": programme.ends_on,
    }


@private
@require_http_methods(["GET", "POST"])
def guardian(request: HttpRequest, token: str) -> HttpResponse:
    application_id = guardian_token_read(token)
    application = (
        Application.objects.select_related("programme").filter(pk=application_id).first()
        if application_id
        else None
    )
    if application is None:
        return _render(
            request,
            "programmes/youth/guardian_invalid.html",
            {"valid_days": GUARDIAN_MAX_AGE // 86400},
            status=400,
        )
    language = _language()
    programme = programme_in_language(application.programme, language)
    waiting = application.status == Application.Status.AWAITING_GUARDIAN
    if request.method == "POST" and waiting:
        decision = request.POST.get("decision", "")
        if decision not in ("consent", "refuse"):
            return _render(
                request,
                "programmes/youth/guardian.html",
                {
                    "application": application,
                    "programme": programme,
                    "text": guardian_text(application, programme),
                    "error": _("Please choose one of the two buttons."),
                },
                status=400,
            )
        outcome = guardian_decide(
            application_id=application.pk,
            consented=decision == "consent",
            text=guardian_text(application, programme),
            language=language,
        )
        return _render(
            request,
            "programmes/youth/guardian_done.html",
            {"outcome": outcome, "programme": programme},
        )
    if not waiting:
        return _render(
            request,
            "programmes/youth/guardian_done.html",
            {"outcome": "done", "programme": programme},
        )
    return _render(
        request,
        "programmes/youth/guardian.html",
        {
            "application": application,
            "programme": programme,
            "text": guardian_text(application, programme),
        },
    )
