"""Admin URLs and the menu item of youth applications (registered from ../wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.menu import MenuItem

from . import admin_views
from .access import VIEW_PERMISSION


def youth_admin_urls() -> list:
    return [
        path("programmes/youth/", never_cache(admin_views.programmes), name="youth_programmes"),
        path(
            "programmes/youth/<int:programme_id>/",
            never_cache(admin_views.applications),
            name="youth_applications",
        ),
        path(
            "programmes/youth/application/<int:application_id>/",
            never_cache(admin_views.application),
            name="youth_application",
        ),
        path(
            "programmes/youth/application/<int:application_id>/file/<int:file_id>/",
            never_cache(admin_views.application_file),
            name="youth_application_file",
        ),
    ]


class YouthMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


def youth_menu_item() -> MenuItem:
    return YouthMenuItem(
        _("Youth applications"), reverse("youth_programmes"), icon_name="group", order=5
    )
