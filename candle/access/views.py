"""The second-factor screens under /admin/account/two-factor/: the code page after the
password, enrolment (QR code, confirm, recovery codes shown once), the account's own page
(new recovery codes, remove), and a superuser's reset of another account.

Thin: parsing and rendering here; every write is in ``services``; who may reach what is in
``middleware`` and ``stepup``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from candle.core.params import param_choice, param_text

from . import qr
from .forms import CodeForm
from .lockout import otp_locked_until
from .policy import two_factor_required
from .selectors import authenticator_confirmed, recovery_codes_left
from .services import (
    Outcome,
    authenticator_confirm,
    authenticator_pending,
    code_check,
    recovery_codes_replace,
    second_factor_remove,
    second_factor_reset,
)
from .stepup import safe_next, stepup_required

CODES_ONCE = "_candle_recovery_codes_once"


def _next(request: HttpRequest) -> str:
    params = request.POST if request.method == "POST" else request.GET
    raw = param_text(params, "next", max_length=1000)
    return safe_next(request, raw) or reverse("wagtailadmin_home")


def _locked_message(until) -> str:
    when = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    return _(
        "Too many wrong codes. The second factor of this account is locked until %(when)s. "
        "If you did not type these codes, tell an administrator."
    ) % {"when": when}


def _code_attempt(request: HttpRequest, *, stepup: bool):
    """The code form of the verify and remove pages, and a code typed on it checked unless the
    second factor is locked. Returns ``(outcome, form, locked_until)``: the outcome when the code
    let the user through (else None); a wrong code marked on the form; an empty form while the
    factor is locked."""
    form = CodeForm(request.POST or None)
    locked_until = otp_locked_until(request.user)
    if request.method == "POST" and form.is_valid() and locked_until is None:
        result = code_check(request=request, code=form.cleaned_data["code"], stepup=stepup)
        if result.outcome in (Outcome.VERIFIED, Outcome.RECOVERY_USED):
            return result.outcome, form, None
        if result.outcome is Outcome.LOCKED:
            locked_until = result.locked_until
        else:
            form.add_error("code", _("That code is not right. Try the newest code in your app."))
    if locked_until is not None:
        form = CodeForm()
    return None, form, locked_until


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code page: after the password, and again before a sensitive act."""
    next_url = _next(request)
    stepup = param_choice(request.POST or request.GET, "stepup", ("1",)) == "1"
    if authenticator_confirmed(request.user) is None:
        return HttpResponseRedirect(reverse("access:enrol") + "?" + urlencode({"next": next_url}))
    if request.user.is_verified() and not stepup:
        return HttpResponseRedirect(next_url)
    outcome, form, locked_until = _code_attempt(request, stepup=stepup)
    if outcome is Outcome.RECOVERY_USED:
        messages.warning(
            request,
            _(
                "You used a recovery code; %(count)s are left. Each works once. "
                "Make new ones from your account when few are left."
            )
            % {"count": recovery_codes_left(request.user)},
        )
    if outcome is not None:
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "access/verify.html",
        {
            "form": form,
            "next": next_url,
            "stepup": stepup,
            "locked_message": _locked_message(locked_until) if locked_until else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the secret as text, confirmed with a code.
    An account that already has one is asked for its code instead: a password alone never
    replaces a second factor."""
    next_url = _next(request)
    if authenticator_confirmed(request.user) is not None:
        if request.user.is_verified():
            messages.info(request, _("Your authenticator app is already set up."))
            return HttpResponseRedirect(reverse("access:account"))
        return HttpResponseRedirect(reverse("access:verify") + "?" + urlencode({"next": next_url}))
    device = authenticator_pending(user=request.user)
    form = CodeForm(request.POST or None)
    locked_until = otp_locked_until(request.user)
    if request.method == "POST" and form.is_valid() and locked_until is None:
        codes = authenticator_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session[CODES_ONCE] = {"codes": codes, "next": next_url}
            return HttpResponseRedirect(reverse("access:recovery_codes_once"))
        locked_until = otp_locked_until(request.user)
        if locked_until is None:
            form.add_error(
                "code", _("That code is not right. Check the app shows Candle and try again.")
            )
    if locked_until is not None:
        form = CodeForm()
    return render(
        request,
        "access/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": qr.svg(device.config_url),
            "secret": qr.secret_text(device),
            "required": two_factor_required(request.user),
            "locked_message": _locked_message(locked_until) if locked_until else "",
        },
    )


@never_cache
def recovery_codes_once(request: HttpRequest) -> HttpResponse:
    """The ten recovery codes, shown once: the session forgets them as they are shown."""
    shown = request.session.pop(CODES_ONCE, None)
    if not isinstance(shown, dict) or not shown.get("codes"):
        return HttpResponseRedirect(reverse("access:account"))
    codes = [f"{code[:4]}-{code[4:]}" for code in shown["codes"]]
    return render(
        request,
        "access/recovery_codes.html",
        {
            "codes": codes,
            "next": safe_next(request, shown.get("next")) or reverse("access:account"),
        },
    )


@never_cache
def account(request: HttpRequest) -> HttpResponse:
    device = authenticator_confirmed(request.user)
    return render(
        request,
        "access/account.html",
        {
            "device": device,
            "codes_left": recovery_codes_left(request.user) if device else 0,
            "required": two_factor_required(request.user),
            "header_title": _("Two-factor sign-in"),
            "page_title": _("Two-factor sign-in"),
            "header_icon": "lock",
        },
    )


@never_cache
@require_POST
@stepup_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if authenticator_confirmed(request.user) is None:
        return HttpResponseRedirect(reverse("access:account"))
    codes = recovery_codes_replace(user=request.user)
    request.session[CODES_ONCE] = {"codes": codes, "next": reverse("access:account")}
    return HttpResponseRedirect(reverse("access:recovery_codes_once"))


@never_cache
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator and recovery codes, after typing a code."""
    if authenticator_confirmed(request.user) is None:
        return HttpResponseRedirect(reverse("access:account"))
    outcome, form, locked_until = _code_attempt(request, stepup=True)
    if outcome is not None:
        second_factor_remove(request=request)
        messages.success(request, _("Your authenticator app and recovery codes were removed."))
        return HttpResponseRedirect(reverse("access:account"))
    return render(
        request,
        "access/remove.html",
        {
            "form": form,
            "required": two_factor_required(request.user),
            "locked_message": _locked_message(locked_until) if locked_until else "",
            "header_title": _("Remove two-factor sign-in"),
            "page_title": _("Remove two-factor sign-in"),
            "header_icon": "lock",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A superuser resets another account's second factor (a lost phone). Not one's own: that
    would let a stolen password replace the factor it is meant to be checked against."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if target.pk == request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        second_factor_reset(request=request, user=target)
        messages.success(
            request,
            _(
                "The second factor of %(name)s was reset. They will set up a new one when they next sign in."
            )
            % {"name": target.get_username()},
        )
        return HttpResponseRedirect(reverse("wagtailusers_users:edit", args=[target.pk]))
    return render(
        request,
        "access/reset.html",
        {
            "target": target,
            "enrolled": authenticator_confirmed(target) is not None,
            "header_title": _("Reset two-factor sign-in"),
            "page_title": _("Reset two-factor sign-in"),
            "header_icon": "lock",
        },
    )
