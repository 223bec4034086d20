"""Public supporter pages: join, ask for a link, open one's own page. Every response is
private: never cached, never indexed."""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import access, registry, selectors
from .forms import AccessRequestForm, DetailsForm, JoinForm
from .membership import membership_dues_reference, membership_join
from .models import Consent
from .services import (
    consent_record,
    consent_withdraw_purpose,
    supporter_get_or_create,
    supporter_update_details,
)

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


@private
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = request.path
        try:
            with transaction.atomic():
                supporter = supporter_get_or_create(
                    email=data["email"],
                    name=data["name"],
                    phone=data["phone"],
                    kind=data["kind"],
                    locale=_language(),
                )
                membership, created = membership_join(
                    supporter=supporter,
                    membership_type=data["membership_type"],
                    consent_text=form.membership_text,
                    method=Consent.Method.WEB_FORM,
                    source=source,
                )
                if (
                    data["consent_newsletter"]
                    and not selectors.supporter_active_consents(supporter=supporter)
                    .filter(purpose=Consent.Purpose.NEWSLETTER)
                    .exists()
                ):
                    consent_record(
                        supporter=supporter,
                        purpose=Consent.Purpose.NEWSLETTER,
                        text=form.newsletter_text,
                        method=Consent.Method.WEB_FORM,
                        source=source,
                    )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            access.access_link_send(email=supporter.email)
            if (
                membership.status == membership.Status.PENDING
                and membership.membership_type.dues > 0
            ):
                for hook in registry.dues_checkout_hooks():
                    url = hook(request=request, membership=membership)
                    if url:  # hand over to the payment of the dues
                        return redirect(url)
            return redirect(reverse("supporters:join_done"))
    status = 400 if form.is_bound and form.errors else 200
    return _render(request, "supporters/join.html", {"form": form}, status=status)


@private
def join_done(request: HttpRequest) -> HttpResponse:
    return _render(request, "supporters/join_done.html")


@private
@require_http_methods(["GET", "POST"])
def access_request(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.access_link_send(email=form.cleaned_data["email"])
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                supporter_update_details(
                    supporter=supporter,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    preferred_language=data["preferred_language"],
                    postal_code=data["postal_code"],
                    address=data["address"],
                )
                if data["newsletter"] and not has_newsletter:
                    from .consent_texts import newsletter_consent_text

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
            form = DetailsForm(initial={**data})
    membership = selectors.supporter_current_membership(supporter=supporter)
    context = {
        "supporter": supporter,
        "form": form,
        "saved": saved,
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
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    access.session_close(request=request)
    return redirect(reverse("supporters:access_request"))
