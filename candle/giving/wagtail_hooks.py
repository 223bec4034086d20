from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import hooks

from . import admin_views
from .admin_viewsets import GivingGroup


@hooks.register("register_admin_urls")
def giving_admin_urls():
    return [
        path("giving/", never_cache(admin_views.dashboard), name="giving_dashboard"),
        path(
            "giving/export/<str:what>.<str:fmt>",
            never_cache(admin_views.dashboard_export),
            name="giving_export",
        ),
        path("giving/receipts/", never_cache(admin_views.receipts_batch), name="giving_receipts"),
        path("giving/nts/", never_cache(admin_views.nts_export), name="giving_nts"),
        path("giving/import/", never_cache(admin_views.import_upload), name="giving_import"),
        path("giving/review/", never_cache(admin_views.review_queue), name="giving_review"),
        path(
            "giving/review/<int:line_id>/",
            never_cache(admin_views.review_resolve),
            name="giving_review_resolve",
        ),
    ]


@hooks.register("register_admin_viewset")
def giving_viewsets():
    """The Giving menu: the dashboard, then read-only lists of the money rows."""
    return GivingGroup()
