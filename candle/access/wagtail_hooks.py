"""The second-factor screens in the admin: their URLs, a link from the account page, and a
superuser's "Reset two-factor" in the user listing's menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views

_urls = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes_once, name="recovery_codes_once"),
    path("recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("remove/", views.remove, name="remove"),
    path("reset/<int:user_id>/", views.reset, name="reset"),
    path("", views.account, name="account"),
]


@hooks.register("register_admin_urls")
def access_admin_urls():
    return [path("account/two-factor/", include((_urls, "access")))]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("access:account"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Set up an authenticator app, make new recovery codes or remove them."),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser and user.pk != request_user.pk:
        yield Button(
            _("Reset two-factor"),
            reverse("access:reset", args=[user.pk]),
            priority=90,
            icon_name="lock",
        )
