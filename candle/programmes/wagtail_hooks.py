"""The Programmes menu: events with their numbers (and from there registrants, check-in and
export) and the list of registrations. Only staff with ``programmes.view_registration`` see it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from . import admin_views
from .admin_viewsets import RegistrationViewSet
from .youth.hooks import youth_admin_urls, youth_menu_item


@hooks.register("register_admin_urls")
def programmes_admin_urls():
    return [
        path("programmes/events/", never_cache(admin_views.events), name="programmes_events"),
        path(
            "programmes/events/<int:event_id>/",
            never_cache(admin_views.registrants),
            name="programmes_event_registrants",
        ),
        path(
            "programmes/events/<int:event_id>/attendance/<int:registration_id>/",
            never_cache(admin_views.attendance),
            name="programmes_attendance",
        ),
        path(
            "programmes/events/<int:event_id>/export.csv",
            never_cache(admin_views.export),
            name="programmes_event_export",
        ),
        path(
            "programmes/events/<int:event_id>/export.xlsx",
            never_cache(admin_views.export),
            {"fmt": "xlsx"},
            name="programmes_event_export_xlsx",
        ),
        path(
            "programmes/events/<int:event_id>/checkin.pdf",
            never_cache(admin_views.checkin_pdf),
            name="programmes_event_checkin_pdf",
        ),
        path(
            "programmes/events/<int:event_id>/refund/<int:registration_id>/",
            never_cache(admin_views.refund_record),
            name="programmes_refund_record",
        ),
    ]


class _PermittedMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


class ProgrammesGroup(ViewSetGroup):
    menu_label = _("Programmes")
    menu_icon = "date"
    menu_order = 270
    items = (RegistrationViewSet,)

    def get_submenu_items(self):
        events = _PermittedMenuItem(
            _("Events and numbers"), reverse("programmes_events"), icon_name="date", order=0
        )
        return [events, youth_menu_item(), *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def programmes_viewsets():
    return ProgrammesGroup()


from .lectures import hooks as lecture_hooks  # noqa: E402, F401  (lecture booking's menu and URLs)


@hooks.register("register_admin_urls")
def programmes_youth_admin_urls():
    return youth_admin_urls()
