from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from candle.core.readonly_admin import ReadOnlyModelViewSet

from . import admin_views
from .models import OutboundEmail


@hooks.register("register_admin_urls")
def operations_admin_urls():
    return [
        path(
            "operations/failed/",
            never_cache(admin_views.failed_jobs),
            name="operations_failed_jobs",
        ),
        path(
            "operations/failed/task/<uuid:result_id>/retry/",
            never_cache(admin_views.task_retry),
            name="operations_task_retry",
        ),
        path(
            "operations/failed/run/<int:run_id>/retry/",
            never_cache(admin_views.run_retry),
            name="operations_run_retry",
        ),
        path(
            "operations/failed/mail/<int:message_id>/retry/",
            never_cache(admin_views.mail_retry),
            name="operations_mail_retry",
        ),
    ]


class FailedJobsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_settings_menu_item")
def failed_jobs_menu_item():
    return FailedJobsMenuItem(
        _("Failed jobs"), reverse("operations_failed_jobs"), icon_name="warning", order=900
    )


class OutboundEmailViewSet(ReadOnlyModelViewSet):
    """The outbox: addresses are personal data (view permission on the model, audit-logged
    inspect); the message itself is never shown."""

    model = OutboundEmail
    name = "operations_outbox"
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    list_per_page = 50
    list_display = ["created_at", "subject", "recipients", "status", "attempts", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    inspect_view_fields = [
        "created_at",
        "status",
        "subject",
        "from_email",
        "recipients",
        "message_id",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]


@hooks.register("register_admin_viewset")
def outbox_viewset():
    return OutboundEmailViewSet()
