"""The public side of giving: the donation form's POST, the test provider's checkout, PortOne's
checkout, the thank-you page and provider webhooks. Everything here is never_cache (urls.py)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .forms import CONSENT_TEXT, RECEIPT_CONSENT_TEXT, DonationForm, DuesForm
from .models import Payment, Pledge
from .models.choices import Frequency
from .providers import WebhookRejected, provider_default, provider_get
from .purposes import purpose_handler
from .services import donation_start, dues_start, pledge_cancel_result, webhook_receive

logger = logging.getLogger(__name__)
WEBHOOK_MAX_BYTES = 256 * 1024


def _provider_available():
    """The provider the forms use, or ``None`` when none is switched on (a production without
    PortOne: the test provider is refused there). The forms then say so instead of failing."""
    try:
        return provider_default()
    except LookupError:
        logger.warning("no payment provider is switched on: online giving is unavailable")
        return None


def _unavailable_message() -> str:
    return _(
        "Online giving is not available at the moment. Nothing was recorded; "
        "please try again later."
    )


def _render_form(request: HttpRequest, form: DonationForm, status: int = 400) -> HttpResponse:
    page = form.page
    if page is None:
        return TemplateResponse(request, "giving/form_error.html", {"form": form}, status=status)
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


@require_POST
def donation_submit(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    data = form.cleaned_data
    provider = _provider_available()
    if provider is None:
        form.add_error(None, _unavailable_message())
        return _render_form(request, form, status=503)
    try:
        start = donation_start(
            page=form.page,
            frequency=data["frequency"],
            amount=data["amount"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            locale=get_language() or "ko",
            consent_text=str(CONSENT_TEXT),
            receipt_requested=data["receipt_requested"],
            receipt_consent_text=str(RECEIPT_CONSENT_TEXT),
            tax_id=data["tax_id"],
            submission_token=data["submission_token"],
            provider=provider,
        )
    except ValidationError as error:
        field = {
            "tax_id": "tax_id",
            "format": "tax_id",
            "date": "tax_id",
            "email_invalid": "email",
            "phone_invalid": "phone",
            "name_required": "name",
            "name_too_long": "name",
        }.get(error.code or "")
        form.add_error(field, error)
        return _render_form(request, form)
    payment = start.payment
    if start.duplicate:
        messages.info(
            request, _("This gift was already submitted; it has not been recorded twice.")
        )
        if payment.status != Payment.Status.PENDING:
            return redirect("giving:thanks", payment_id=payment.pk)
    return redirect(provider_get(payment.provider).checkout_url(payment))


def _test_payment(payment_id) -> Payment:
    if not settings.CANDLE_TEST_PROVIDER_ENABLED:
        raise Http404
    return get_object_or_404(
        Payment.objects.select_related("campaign", "pledge"), pk=payment_id, provider="test"
    )


@require_http_methods(["GET", "POST"])
def test_checkout(request: HttpRequest, payment_id) -> HttpResponse:
    """The test provider's payment window: Pay or Decline, nothing leaves this machine."""
    payment = _test_payment(payment_id)
    if request.method == "POST":
        if payment.status == Payment.Status.PENDING:
            provider_get("test").checkout_complete(
                payment, approve=request.POST.get("action") == "pay"
            )
        return redirect("giving:thanks", payment_id=payment.pk)
    if payment.status != Payment.Status.PENDING:
        return redirect("giving:thanks", payment_id=payment.pk)
    return TemplateResponse(
        request,
        "giving/test_checkout.html",
        {"payment": payment, "monthly": payment.frequency == Frequency.MONTHLY},
    )


def portone_checkout(request: HttpRequest, payment_id) -> HttpResponse:
    """PortOne's browser SDK opens the card window; the result arrives by webhook."""
    if not settings.CANDLE_USE_PORTONE:
        raise Http404
    payment = get_object_or_404(
        Payment, pk=payment_id, provider="portone", status=Payment.Status.PENDING
    )
    from csp.decorators import csp_update

    @csp_update(
        {
            "script-src": ["https://cdn.portone.io"],
            "frame-src": ["https:"],
            "connect-src": ["https:"],
        }
    )
    def render(request):
        return TemplateResponse(
            request,
            "giving/portone_checkout.html",
            {
                "payment": payment,
                "store_id": settings.CANDLE_PORTONE_STORE_ID,
                "channel_key": (
                    settings.CANDLE_PORTONE_BILLING_CHANNEL_KEY
                    if payment.pledge_id
                    else settings.CANDLE_PORTONE_CHANNEL_KEY
                ),
                "script": settings.PORTONE_SCRIPT,
                "monthly": payment.pledge_id is not None,
            },
        )

    return render(request)


def thanks(request: HttpRequest, payment_id) -> HttpResponse:
    payment = get_object_or_404(Payment.objects.select_related("campaign", "pledge"), pk=payment_id)
    handler = purpose_handler(payment.purpose)
    if handler is not None:  # a fee (an event seat): the app that sold it shows the result
        return redirect(handler.return_url(payment))
    return TemplateResponse(
        request,
        "giving/thanks.html",
        {
            "payment": payment,
            "monthly": payment.frequency == Frequency.MONTHLY,
            "campaign": payment.campaign,
        },
    )


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider_name: str) -> HttpResponse:
    """Provider → us. 404 for a provider that is not on, 400 for anything not signed by it, 200
    once the event is recorded (a replay gets 200 and changes nothing)."""
    length = (request.headers.get("Content-Length") or "0").strip()
    if not (length.isascii() and length.isdigit()):
        return JsonResponse({"error": "bad content length"}, status=400)
    if len(length) > 9 or int(length) > WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        provider_get(provider_name)
    except LookupError:
        raise Http404 from None
    try:
        event = webhook_receive(
            provider_name=provider_name, body=request.body, headers=request.headers
        )
    except WebhookRejected as error:
        logger.warning("webhook %s rejected: %s", provider_name, error.reason)
        return JsonResponse({"error": error.reason}, status=400)
    return JsonResponse({"event": event.event_id, "outcome": event.outcome})


@require_http_methods(["GET", "POST"])
def pledge_stop(request: HttpRequest, pledge_id: int) -> HttpResponse:
    """The donor stops a monthly gift from their own page (opened by an e-mailed link).
    The account page's button leads here; this page asks to confirm; only a POST with
    ``confirm=yes`` stops the gift. Someone else's pledge or a forged id: a clear message, 404,
    nothing changes. A second press: the gift is already stopped, nothing changes."""
    from candle.supporters.access import session_supporter

    supporter = session_supporter(request=request)
    if supporter is None:
        return redirect("supporters:access_request")
    pledge = (
        Pledge.objects.select_related("campaign").filter(pk=pledge_id, supporter=supporter).first()
    )
    if pledge is None:
        response = TemplateResponse(
            request, "giving/pledge_stop.html", {"missing": True}, status=404
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    if pledge.status == Pledge.Status.CANCELLED:
        messages.info(request, _("This monthly gift was already stopped. Nothing has changed."))
        return redirect("supporters:account")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        result = pledge_cancel_result(pledge=pledge)
        if result.cancelled:
            messages.success(
                request,
                _("Your monthly gift has been stopped. We have sent you an e-mail to confirm."),
            )
        else:
            messages.info(request, _("This monthly gift was already stopped. Nothing has changed."))
        return redirect("supporters:account")
    response = TemplateResponse(request, "giving/pledge_stop.html", {"pledge": pledge})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def dues_checkout(request: HttpRequest, token: str) -> HttpResponse:
    """A new member pays dues: the join form hands over here with a signed token naming the
    membership. GET shows the amount and a Pay button; the POST opens a Payment (purpose dues)
    and goes to the provider. A forged or expired token: a clear message, 400, nothing recorded."""
    import secrets

    from django.core import signing
    from wagtail.models import Site

    from candle.pages.organisation import organisation_bank_accounts
    from candle.supporters.models import Membership

    from .supporter_hooks import DUES_LINK_MAX_AGE, DUES_SALT

    membership = None
    if len(token) <= 300:
        try:
            data = signing.loads(token, salt=DUES_SALT, max_age=DUES_LINK_MAX_AGE)
            membership = (
                Membership.objects.select_related("membership_type", "supporter")
                .filter(pk=data.get("m") if isinstance(data, dict) else None)
                .first()
            )
        except signing.BadSignature:
            membership = None
    if membership is None:
        response = TemplateResponse(
            request, "giving/dues_checkout.html", {"invalid": True}, status=400
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    error = ""
    if request.method == "POST":
        form = DuesForm(request.POST)
        provider = _provider_available()
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["submission_token"][0], code="token")
            if provider is None:
                raise ValidationError(_unavailable_message(), code="provider")
            start = dues_start(
                membership=membership,
                locale=get_language() or "ko",
                submission_token=form.cleaned_data["submission_token"],
                provider=provider,
            )
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            payment = start.payment
            if start.duplicate and payment.status != Payment.Status.PENDING:
                messages.info(
                    request,
                    _("This payment was already submitted; it has not been recorded twice."),
                )
                return redirect("giving:thanks", payment_id=payment.pk)
            return redirect(provider_get(payment.provider).checkout_url(payment))
    response = TemplateResponse(
        request,
        "giving/dues_checkout.html",
        {
            "membership": membership,
            "amount": membership.membership_type.dues,
            "error": error,
            "submission_token": secrets.token_hex(16),
            "bank_accounts": organisation_bank_accounts(site=Site.find_for_request(request)),
        },
        status=400 if error else 200,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
