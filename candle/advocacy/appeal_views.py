"""Public views of appeals: sign (a person), sign (an organisation), the mailed link, the
count. The appeal's page itself is Wagtail's (``AppealPage``) and stays in the page cache: its
sign form carries no CSRF token (see ``sign``), and the count comes from ``count``.

Rate limits (``RATE_LIMITS``; counts in the cache: Redis in production) per client address,
per network (/24 for IPv4, /64 for IPv6) and per e-mail address; over them the answer is a
page in the reader's language with HTTP 429, and nothing is stored or sent.
"""

from __future__ import annotations

import functools
import ipaddress
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from candle.core.client_address import client_address
from candle.core.params import param_choice
from candle.core.ratelimit import Limit, ratelimit_exceeded

from .appeals import COUNT_SECONDS, appeal_count, appeal_progress
from .forms import OrganisationSignForm, SignForm
from .models import AppealPage
from .signable import PAGE_ID_MAX, appeal_page, appeal_signable
from .signatures import signature_confirm, signature_create
from .signons import organisation_signature_create

# (per client address, per network, per e-mail address). A surge comes from many networks;
# mobile carriers put many people behind one address, so the per-address limit is generous.
RATE_LIMITS = {
    "sign": (Limit(count=30, seconds=600), Limit(count=300, seconds=600), Limit(5, 3600)),
    "organisation": (Limit(count=10, seconds=3600), Limit(count=50, seconds=3600), Limit(5, 3600)),
}


def private(view):
    """Never cached anywhere, never indexed."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    match = request.resolver_match
    translations = []
    for code in ("ko", "en"):
        with translation.override(code):
            translations.append(
                (code, reverse(match.view_name, args=match.args, kwargs=match.kwargs))
            )
    return render(request, template, {**context, "translations": translations}, status=status)


def _appeal(page_id: int) -> AppealPage:
    return appeal_page(page_id)


def network_of(address: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) network of an address; the address itself if unparsable."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if ip.version == 4 else 64  # noqa: PLR2004
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _too_many(request: HttpRequest, *, form: str, email: str) -> bool:
    """Per address, per network and per e-mail address, counted together (one Redis round
    trip)."""
    per_client, per_network, per_email = RATE_LIMITS[form]
    network = (f"advocacy.{form}:network", network_of(client_address(request)), per_network)
    return ratelimit_exceeded(
        request=request,
        scope=f"advocacy.{form}",
        per_client=per_client,
        target=email,
        per_target=per_email,
        also=[network],
    )


def _rate_limited(request: HttpRequest, appeal: AppealPage) -> HttpResponse:
    return _render(request, "advocacy/rate_limited.html", {"appeal": appeal}, status=429)


@private
@csrf_exempt
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, page_id: int) -> HttpResponse:
    """The sign form's target. CSRF-exempt on purpose: the form is on the cached appeal page,
    which must carry no per-reader token. A forged post can do no more than a direct one: it
    stores a signature waiting for the link mailed to its address (honeypot, rate limits and
    the unique address per appeal apply as to any post). A GET shows the form alone."""
    # The facts a signature needs, kept in the data cache (``signable``); the whole page is
    # read only when something is rendered (the form, an error, "signed already").
    signable = appeal_signable(page_id)
    language = _language()
    if not signable.is_open:
        return _render(
            request, "advocacy/sign.html", {"appeal": _appeal(page_id), "form": None}, 200
        )
    form = SignForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _too_many(request, form="sign", email=data["email"]):
            return _rate_limited(request, _appeal(page_id))
        try:
            result = signature_create(
                appeal=signable,
                name=data["name"],
                email=data["email"],
                country=data["country"],
                comment=data["comment"],
                language=language,
                consent_text=form.consent_text,
                newsletter=data["consent_newsletter"],
                newsletter_text=form.newsletter_text,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if not result.created:
                return _render(
                    request,
                    "advocacy/signed.html",
                    {"appeal": _appeal(page_id), "state": "already"},
                )
            state = "counted" if result.signature.counted else "sent"
            # the address itself: ``redirect()`` would first try it as a view's name (a failed
            # ``reverse`` and its exception, a fiftieth of a signature's CPU)
            response = HttpResponseRedirect(
                reverse("advocacy:signed", args=[page_id]) + f"?s={state}"
            )
            # a redirect without a body: no policy to apply (nor to build, candle.core.csp)
            response._csp_exempt = response._csp_exempt_ro = True
            return response
    status = 400 if form.is_bound and form.errors else 200
    return _render(
        request, "advocacy/sign.html", {"appeal": _appeal(page_id), "form": form}, status
    )


@private
@require_GET
def signed(request: HttpRequest, page_id: int) -> HttpResponse:
    appeal = _appeal(page_id)
    state = param_choice(request.GET, "s", {"sent", "counted"}, default="sent")
    return _render(request, "advocacy/signed.html", {"appeal": appeal, "state": state})


@private
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (mail scanners fetch links)."""
    if request.method != "POST":
        return _render(request, "advocacy/confirm.html", {})
    result = signature_confirm(token=token)
    if result is None:
        return _render(request, "advocacy/confirm_invalid.html", {}, status=400)
    return _render(request, "advocacy/confirmed.html", {"result": result})


@require_GET
def count(request: HttpRequest, page_id: int) -> HttpResponse:
    """The count and progress of an appeal as JSON, public and cached ``COUNT_SECONDS``
    (here and by browsers, nginx and a CDN). The page's script polls it; the page itself
    stays in the page cache."""
    if page_id > PAGE_ID_MAX:
        raise Http404
    language = _language()
    key = f"advocacy:countjson:{page_id}:{language}"
    body = cache.get(key)
    if body is None:
        appeal = _appeal(page_id)
        number = appeal_count(appeal_key=appeal.translation_key)
        percent = appeal_progress(count=number, goal=appeal.signature_goal)
        label = ngettext(
            "%(count_text)s signature of %(goal)s",
            "%(count_text)s signatures of %(goal)s",
            number,
        ) % {"count_text": f"{number:,}", "goal": f"{appeal.signature_goal:,}"}
        body = json.dumps(
            {"count": number, "goal": appeal.signature_goal, "percent": percent, "label": label}
        )
        cache.set(key, body, COUNT_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={COUNT_SECONDS}"
    response["X-Accel-Expires"] = str(COUNT_SECONDS)
    return response


@private
@require_http_methods(["GET", "POST"])
def organisation_sign(request: HttpRequest, page_id: int) -> HttpResponse:
    """An organisation signs the joint statement; staff review it before it shows."""
    appeal = _appeal(page_id)
    language = _language()
    form = OrganisationSignForm(request.POST or None, request.FILES or None, language=language)
    if not appeal.is_open:
        form = None
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _too_many(request, form="organisation", email=data["email"]):
            return _rate_limited(request, appeal)
        try:
            _row, created = organisation_signature_create(
                appeal=appeal,
                name_ko=data["name_ko"],
                name_en=data["name_en"],
                country=data["country"],
                contact_name=data["contact_name"],
                email=data["email"],
                website=data["website"],
                logo=data["logo"],
                language=language,
                consent_text=form.consent_text,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return _render(
                request,
                "advocacy/organisation_signed.html",
                {"appeal": appeal, "created": created},
            )
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return _render(
        request, "advocacy/organisation_sign.html", {"appeal": appeal, "form": form}, status
    )
