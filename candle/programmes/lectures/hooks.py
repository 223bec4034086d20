"""Admin URLs and the "Awareness lectures" menu (calendar, all requests, yearly report).
Imported by ``candle/programmes/wagtail_hooks.py``. Only staff with
``programmes.view_lecturerequest`` see the menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from . import admin_views
from .admin_viewsets import LectureRequestViewSet


@hooks.register("register_admin_urls")
def lectures_admin_urls():
    base = "programmes/lectures/"
    return [
        path(base, never_cache(admin_views.calendar), name="programmes_lectures"),
        path(base + "report/", never_cache(admin_views.report), name="programmes_lecture_report"),
        path(
            base + "report.csv",
            never_cache(admin_views.report_export),
            name="programmes_lecture_report_export",
        ),
        path(
            base + "<int:lecture_id>/", never_cache(admin_views.detail), name="programmes_lecture"
        ),
        path(
            base + "<int:lecture_id>/schedule/",
            never_cache(admin_views.schedule),
            name="programmes_lecture_schedule",
        ),
        path(
            base + "<int:lecture_id>/given/",
            never_cache(admin_views.given),
            name="programmes_lecture_given",
        ),
        path(
            base + "<int:lecture_id>/<slug:action>/",
            never_cache(admin_views.close),
            name="programmes_lecture_close",
        ),
    ]


class _PermittedMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


class LecturesGroup(ViewSetGroup):
    menu_label = _("Awareness lectures")
    menu_icon = "group"
    menu_order = 271
    items = (LectureRequestViewSet,)

    def get_submenu_items(self):
        return [
            _PermittedMenuItem(
                _("Lecture calendar"), reverse("programmes_lectures"), icon_name="date", order=0
            ),
            *super().get_submenu_items(),
            _PermittedMenuItem(
                _("Yearly lecture report"),
                reverse("programmes_lecture_report"),
                icon_name="table",
                order=900,
            ),
        ]


@hooks.register("register_admin_viewset")
def lectures_viewsets():
    return LecturesGroup()
