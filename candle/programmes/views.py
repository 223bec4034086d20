"""Public event views: register (POST from the event page), the answer after it, cancel through
the mailed link, one event's ``.ics`` and the calendar of upcoming events in each language.
Registration answers are private (never cached, never indexed); the calendars are public."""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from candle.core.params import int_or_none
from candle.core.ratelimit import Limit, ratelimit_exceeded

from .forms import RegistrationForm
from .ics import calendar, event_ics, event_vevent
from .models import EventPage, Registration
from .payments import registration_payment_start
from .selectors import events_upcoming
from .services import registration_cancel, registration_create
from .tokens import cancel_token_read, pay_token_read

logger = logging.getLogger(__name__)

RATE_LIMITS = {"register": (Limit(count=20, seconds=3600), Limit(count=5, seconds=3600))}


def private(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _render(request, template: str, context: dict | None = None, status: int = 200):
    match = request.resolver_match
    translations = []
    for code in ("ko", "en"):
        with translation.override(code):
            translations.append(
                (code, reverse(match.view_name, args=match.args, kwargs=match.kwargs))
            )
    return render(
        request, template, {**(context or {}), "translations": translations}, status=status
    )


def rate_limited(request, *, scope: str, limits: tuple[Limit, Limit], target: str):
    """The 429 page when this client (``limits[0]``) or this target, an e-mail address or a
    record (``limits[1]``), has sent the form too often; None to go on. Every public form of
    the programmes checks here after its input is valid and before it stores anything."""
    per_client, per_target = limits
    if ratelimit_exceeded(
        request=request,
        scope=scope,
        per_client=per_client,
        target=target,
        per_target=per_target,
    ):
        return _render(request, "programmes/rate_limited.html", status=429)
    return None


def _event_for_language(page_id: int | None) -> EventPage | None:
    if page_id is None:
        return None
    return (
        EventPage.objects.live()
        .public()
        .filter(pk=page_id, locale__language_code=_language())
        .select_related("locale")
        .first()
    )


def _render_event(request, event: EventPage, form: RegistrationForm, status: int):
    context = event.get_context(request)
    context["form"] = form
    return TemplateResponse(request, event.get_template(request), context, status=status)


@private
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    """The event page's form posts here. Every accepted registration gets the same answer,
    whether new or a repeat, seat or waiting list: the e-mail says which (the page must not
    tell a stranger typing someone's address whether that person registered)."""
    event = _event_for_language(int_or_none(request.POST.get("page_id"), minimum=1))
    if event is None:
        return _render(request, "programmes/register_invalid.html", status=400)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _render_event(request, event, form, status=400)
    data = form.cleaned_data
    limited = rate_limited(
        request, scope="programmes.register", limits=RATE_LIMITS["register"], target=data["email"]
    )
    if limited:
        return limited
    try:
        registration, created = registration_create(
            event=event,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            locale=_language(),
            answers=form.answers(),
            consent_text=form.consent_text,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_event(request, event, form, status=400)
    if created and registration.status == Registration.Status.UNPAID:
        # A new registration holding a seat of a paid event: straight on to the payment. A
        # repeat gets the common answer below (its e-mail has the link to pay).
        checkout = _checkout_url(registration)
        if checkout:
            return redirect(checkout)
    return redirect(reverse("programmes:registered", kwargs={"page_id": event.pk}))


def _checkout_url(registration: Registration) -> str | None:
    """The provider's checkout for the registration's fee, or None when no provider is on or
    the seat is no longer held (the e-mail's pay link says what to do)."""
    from candle.giving.providers import provider_get

    try:
        payment = registration_payment_start(registration_id=registration.pk)
        return provider_get(payment.provider).checkout_url(payment)
    except LookupError:
        logger.warning(
            "no payment provider is on: registration=%s not sent to pay", registration.pk
        )
        return None
    except ValidationError:
        return None


def _registration_by_token(token: str) -> Registration | None:
    registration_id = pay_token_read(token)
    if not registration_id:
        return None
    return (
        Registration.objects.select_related("event", "payment").filter(pk=registration_id).first()
    )


@private
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link to pay for a held seat. GET shows the fee and the time left; POST opens
    (or reopens) the payment and sends the browser to the provider's checkout."""
    registration = _registration_by_token(token)
    if registration is None:
        return _render(request, "programmes/pay_invalid.html", status=400)
    from .emails import event_in_language

    event = event_in_language(registration.event, _language())
    error = ""
    if request.method == "POST":
        from candle.giving.providers import provider_get

        try:
            payment = registration_payment_start(registration_id=registration.pk)
            return redirect(provider_get(payment.provider).checkout_url(payment))
        except LookupError:
            error = _(
                "Card payment is not available at the moment. Nothing was charged; please try "
                "again later."
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        registration.refresh_from_db()
    return _render(
        request,
        "programmes/pay.html",
        {
            "event": event,
            "registration": registration,
            "held": registration.status == Registration.Status.UNPAID
            and registration.hold_until is not None
            and registration.hold_until > timezone.now(),
            "error": error,
        },
        status=400 if error else 200,
    )


@private
def payment_result(request: HttpRequest, payment_id) -> HttpResponse:
    """Where the browser lands after the checkout (giving's thank-you page sends it here): the
    registration's state as the provider's webhook left it. Shows nothing but the event, the
    fee and the state; the payment id is a random UUID."""
    registration = (
        Registration.objects.select_related("event", "payment")
        .filter(payment_id=payment_id)
        .first()
    )
    if registration is None:
        raise Http404
    from .emails import event_in_language
    from .tokens import pay_token

    return _render(
        request,
        "programmes/payment_result.html",
        {
            "event": event_in_language(registration.event, _language()),
            "registration": registration,
            "payment": registration.payment,
            "pay_token": pay_token(registration.pk),
        },
    )


@private
def registered(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event_for_language(page_id)
    if event is None:
        raise Http404
    return _render(request, "programmes/registered.html", {"event": event})


@private
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the event and a button (mail scanners follow links); POST cancels."""
    registration_id = cancel_token_read(token)
    registration = (
        Registration.objects.select_related("event").filter(pk=registration_id).first()
        if registration_id
        else None
    )
    if registration is None:
        return _render(request, "programmes/cancel_invalid.html", status=400)
    from .emails import event_in_language

    event = event_in_language(registration.event, _language())
    if request.method == "POST":
        if registration.status != Registration.Status.CANCELLED:
            registration, _promoted = registration_cancel(registration_id=registration.pk)
        return _render(
            request,
            "programmes/cancel_done.html",
            {"event": event, "refund": registration.refund_open},
        )
    return _render(
        request,
        "programmes/cancel.html",
        {
            "event": event,
            "cancelled": registration.status == Registration.Status.CANCELLED,
            "ended": event.ends_at <= timezone.now(),
        },
    )


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_calendar(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event_for_language(page_id)
    if event is None:
        raise Http404
    return _ics_response(event_ics(event), f"event-{event.pk}.ics")


def events_calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming events in the page's language, as a calendar to subscribe to."""
    locale = Locale.objects.filter(language_code=_language()).first()
    events = list(events_upcoming(locale_id=locale.pk)) if locale else []
    name = _("Events")
    return _ics_response(calendar([event_vevent(e) for e in events], name=name), "events.ics")
