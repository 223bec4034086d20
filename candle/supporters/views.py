"""Public supporter pages: join, ask for a link, open one's own page. Every response is
private: never cached, never indexed."""

from __future__ import annotations

import functools
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from candle.core.ratelimit import Limit, ratelimit_exceeded

from . import access, registry, selectors, tasks
from .confirmations import (
    email_change_confirm,
    email_change_request,
    pending_join_confirm,
    pending_join_create,
)
from .consent_texts import newsletter_consent_text
from .forms import AccessRequestForm, DetailsForm, JoinForm
from .membership import membership_dues_reference
from .models import Consent
from .normalise import email_normalise
from .services import consent_record, consent_withdraw_purpose, supporter_update_details

logger = logging.getLogger(__name__)


def private(view):
    """Never cached anywhere, never indexed by search engines."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _render(
    request: HttpRequest, template: str, context: dict | None = None, status: int = 200
) -> HttpResponse:
    """Render with links to this same page in each language for the language switch."""
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


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# Public forms that send mail: per client address and per e-mail address written to.
RATE_LIMITS = {
    "join": (Limit(count=10, seconds=3600), Limit(count=5, seconds=3600)),
    "access": (Limit(count=10, seconds=3600), Limit(count=5, seconds=3600)),
    "email_change": (Limit(count=10, seconds=3600), Limit(count=5, seconds=3600)),
}


def _too_many(request: HttpRequest, *, form: str, email: str) -> bool:
    per_client, per_target = RATE_LIMITS[form]
    return ratelimit_exceeded(
        request=request,
        scope=f"supporters.{form}",
        per_client=per_client,
        target=email,
        per_target=per_target,
    )


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return _render(request, "supporters/rate_limited.html", status=429)


@private
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Every valid join gets the same answer ("check your inbox") and attaches nothing to
    anybody: the join is stored as pending and applied when the mailed link is followed."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _too_many(request, form="join", email=data["email"]):
            return _rate_limited(request)
        try:
            pending_join_create(
                kind=data["kind"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                membership_type=data["membership_type"],
                newsletter=data["consent_newsletter"],
                membership_text=form.membership_text,
                newsletter_text=form.newsletter_text,
                language=_language(),
                source=request.path,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(reverse("supporters:join_sent"))
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "supporters/join.html", {"form": form}, status=status)


@private
def join_sent(request: HttpRequest) -> HttpResponse:
    return _render(request, "supporters/join_sent.html")


@private
@require_http_methods(["GET", "POST"])
def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; the POST applies the join (mail scanners that fetch links apply
    nothing). Then dues, if the type has them, else the thank-you page; the person has shown
    they hold the address, so their own page is opened too."""
    if request.method != "POST":
        return _render(request, "supporters/join_confirm.html")
    try:
        result = pending_join_confirm(token=token)
    except ValidationError as error:
        return _render(
            request, "supporters/join_invalid.html", {"errors": error.messages}, status=400
        )
    if result is None:
        return _render(request, "supporters/join_invalid.html", status=400)
    access.session_open(request=request, supporter=result.supporter)
    membership = result.membership
    if membership.status == membership.Status.PENDING and membership.membership_type.dues > 0:
        for hook in registry.dues_checkout_hooks():
            url = hook(request=request, membership=membership)
            if url:  # hand over to the payment of the dues
                return redirect(url)
    if not result.created:
        messages.info(request, _("You were a member already; nothing else has changed."))
    return redirect(reverse("supporters:join_done"))


@private
def join_done(request: HttpRequest) -> HttpResponse:
    return _render(request, "supporters/join_done.html")


@private
@require_http_methods(["GET", "POST"])
def access_request(request: HttpRequest) -> HttpResponse:
    """The same answer and the same work for every address: the task looks it up and mails."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if _too_many(request, form="access", email=email):
            return _rate_limited(request)
        transaction.on_commit(lambda: tasks.access_link_send_task.enqueue(email=email))
        return redirect(reverse("supporters:access_sent"))
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "supporters/access_request.html", {"form": form}, status=status)


@private
def access_sent(request: HttpRequest) -> HttpResponse:
    return _render(request, "supporters/access_sent.html")


@private
@require_http_methods(["GET", "POST"])
def access_open(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST spends the link, so mail scanners that fetch links
    do not use it up."""
    if request.method == "POST":
        supporter = access.access_link_redeem(token=token)
        if supporter is not None:
            access.session_open(request=request, supporter=supporter)
            return redirect(reverse("supporters:account"))
        return _render(request, "supporters/access_invalid.html", status=400)
    return _render(request, "supporters/access_open.html", {"token": token})


@private
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    supporter = access.session_supporter(request=request)
    if supporter is None:
        return redirect(reverse("supporters:access_request"))
    has_newsletter = (
        selectors.supporter_active_consents(supporter=supporter)
        .filter(purpose=Consent.Purpose.NEWSLETTER)
        .exists()
    )
    initial = {
        "name": supporter.name,
        "email": supporter.email,
        "phone": supporter.phone,
        "postal_code": supporter.postal_code,
        "address": supporter.address,
        "preferred_language": supporter.preferred_language,
        "newsletter": has_newsletter,
    }
    form = DetailsForm(request.POST or None, initial=initial)
    saved = False
    email_sent_to = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = email_normalise(data["email"]) != supporter.email_normalised
        new_email = data["email"] if changed else ""
        if new_email and _too_many(request, form="email_change", email=new_email):
            return _rate_limited(request)
        try:
            with transaction.atomic():
                supporter_update_details(
                    supporter=supporter,
                    name=data["name"],
                    phone=data["phone"],
                    preferred_language=data["preferred_language"],
                    postal_code=data["postal_code"],
                    address=data["address"],
                )
                if new_email and email_change_request(supporter=supporter, email=new_email):
                    email_sent_to = new_email
                if data["newsletter"] and not has_newsletter:
                    consent_record(
                        supporter=supporter,
                        purpose=Consent.Purpose.NEWSLETTER,
                        text=newsletter_consent_text(),
                        method=Consent.Method.WEB_FORM,
                        source=request.path,
                    )
                elif not data["newsletter"] and has_newsletter:
                    consent_withdraw_purpose(
                        supporter=supporter, purpose=Consent.Purpose.NEWSLETTER
                    )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            saved = True
            # The address stays the old one until the link sent to the new one is followed.
            form = DetailsForm(initial={**data, "email": supporter.email})
    membership = selectors.supporter_current_membership(supporter=supporter)
    context = {
        "supporter": supporter,
        "form": form,
        "saved": saved,
        "email_sent_to": email_sent_to,
        "membership": membership,
        "dues_reference": membership_dues_reference(membership=membership)
        if membership and membership.membership_type.dues > 0
        else "",
        "consents": supporter.consents.order_by("-given_at"),
        "gifts": selectors.supporter_gifts(supporter=supporter),
        "sections": [
            mark_safe(hook(request=request, supporter=supporter))  # noqa: S308 (rendered templates)
            for hook in registry.account_section_hooks()
        ],
    }
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "supporters/account.html", context, status=status)


@private
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; the POST applies the new address and opens the person's page."""
    if request.method != "POST":
        return _render(request, "supporters/email_confirm.html")
    try:
        supporter = email_change_confirm(token=token)
    except ValidationError as error:
        return _render(
            request, "supporters/email_invalid.html", {"errors": error.messages}, status=400
        )
    if supporter is None:
        return _render(request, "supporters/email_invalid.html", status=400)
    access.session_open(request=request, supporter=supporter)
    messages.success(request, _("Your e-mail address has been changed."))
    return redirect(reverse("supporters:account"))


@private
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    access.session_close(request=request)
    return redirect(reverse("supporters:access_request"))
