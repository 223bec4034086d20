"""The Newsletters menu of the admin: issues (compose, preview, a test to oneself, send), the
deliveries (read only) and the suppressed addresses.

Every URL needs permission to view or change its model (``PersonalDataViewSetMixin``:
deliveries and suppressions are personal data, and the issue screens show how many people a
segment reaches); on top, a test needs ``change_newsletterissue`` and sending needs
``send_newsletterissue``. Registered from ``setup.newsletters_ready``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from candle.advocacy.models import NewsletterDelivery, NewsletterIssue, NewsletterSuppression
from candle.core.personal_data_admin import PersonalDataViewSetMixin
from candle.core.readonly_admin import ReadOnlyModelViewSet

from . import mail, selectors, services

SEND_PERMISSION = "advocacy.send_newsletterissue"
CHANGE_PERMISSION = "advocacy.change_newsletterissue"


@method_decorator(never_cache, name="dispatch")
class IssueActionView(View):
    """Base of the preview, test and send screens (``model`` lets the walks find the row)."""

    model = NewsletterIssue
    url_namespace = ""
    http_method_names = ["get", "post"]

    def issue(self, pk) -> NewsletterIssue:
        return get_object_or_404(NewsletterIssue, pk=pk)

    def render(self, request, template: str, **context):
        context.setdefault("header_icon", "mail")
        context["list_url_name"] = f"{self.url_namespace}:index"
        context["edit_url_name"] = f"{self.url_namespace}:edit"
        context["preview_url_name"] = f"{self.url_namespace}:preview"
        context["test_url_name"] = f"{self.url_namespace}:test"
        context["send_url_name"] = f"{self.url_namespace}:send"
        return TemplateResponse(request, template, context)


class IssuePreviewView(IssueActionView):
    http_method_names = ["get"]

    def get(self, request, pk):
        issue = self.issue(pk)
        versions = []
        for code in issue.languages:
            message = mail.newsletter_message(
                issue=issue, language=code, to="preview@example.invalid", supporter_id=None
            )
            versions.append(
                {
                    "language": code,
                    "subject": message.subject,
                    "html": message.alternatives[0][0],
                    "text": message.body,
                }
            )
        return self.render(
            request,
            "advocacy/newsletters/admin/preview.html",
            issue=issue,
            versions=versions,
            page_title=_("Preview"),
            can_send=request.user.has_perm(SEND_PERMISSION) and issue.is_draft,
            can_test=request.user.has_perm(CHANGE_PERMISSION),
        )


class IssueTestView(IssueActionView):
    """POST: send the issue to the staff member's own address, marked as a test."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        issue = self.issue(pk)
        try:
            count = services.newsletter_test_send(issue=issue, to=request.user.email)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(count)s test mail(s) were sent to %(address)s.")
                % {"count": count, "address": request.user.email},
            )
        return redirect(f"{self.url_namespace}:preview", pk=issue.pk)


class IssueSendView(IssueActionView):
    """GET: who would receive the issue; POST: start sending. Double submits send once."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        issue = self.issue(pk)
        summary = selectors.newsletter_recipients_summary(issue=issue) if issue.is_draft else {}
        return self.render(
            request,
            "advocacy/newsletters/admin/send.html",
            issue=issue,
            summary=summary,
            total=sum(summary.values()),
            page_title=_("Send"),
        )

    def post(self, request, pk):
        issue = self.issue(pk)
        try:
            count = services.newsletter_send_start(issue=issue, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{self.url_namespace}:send", pk=issue.pk)
        messages.success(
            request,
            _("Sending has started: %(count)s recipient(s). It continues in the background.")
            % {"count": count},
        )
        return redirect(f"{self.url_namespace}:index")


class IssueIndexView(IndexView):
    """The issues' listing, with Preview and Send in each row's menu."""

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        namespace = self.index_url_name.rpartition(":")[0]
        buttons.append(
            MenuItem(
                _("Preview and test"),
                url=reverse(f"{namespace}:preview", args=[instance.pk]),
                icon_name="view",
                priority=5,
            )
        )
        if instance.is_draft and self.request.user.has_perm(SEND_PERMISSION):
            buttons.append(
                MenuItem(
                    _("Send…"),
                    url=reverse(f"{namespace}:send", args=[instance.pk]),
                    icon_name="mail",
                    priority=6,
                )
            )
        return buttons


class NewsletterIssueViewSet(PersonalDataViewSetMixin, ModelViewSet):
    model = NewsletterIssue
    index_view_class = IssueIndexView
    name = "newsletter_issues"
    icon = "mail"
    menu_label = gettext_lazy("Newsletter issues")
    list_display = ["__str__", "status", "sending_started_at", "recipients_count"]
    list_filter = ["status"]
    search_fields = ["subject_ko", "subject_en"]
    search_backend_name = None
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [FieldPanel("subject_ko"), FieldPanel("body_ko")], heading=gettext_lazy("Korean")
        ),
        MultiFieldPanel(
            [FieldPanel("subject_en"), FieldPanel("body_en")], heading=gettext_lazy("English")
        ),
        MultiFieldPanel(
            [
                FieldPanel("segment_language"),
                FieldPanel("segment_tags"),
                FieldPanel("segment_members_only"),
            ],
            heading=gettext_lazy("Recipients"),
        ),
        FieldPanel("show_in_archive"),
    ]

    def get_urlpatterns(self):
        kwargs = {"model": NewsletterIssue, "url_namespace": self.url_namespace}
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/preview/", IssuePreviewView.as_view(**kwargs), name="preview"),
            path("<int:pk>/test/", IssueTestView.as_view(**kwargs), name="test"),
            path("<int:pk>/send/", IssueSendView.as_view(**kwargs), name="send"),
        ]


class NewsletterDeliveryViewSet(ReadOnlyModelViewSet):
    model = NewsletterDelivery
    name = "newsletter_deliveries"
    icon = "list-ul"
    menu_label = gettext_lazy("Deliveries")
    list_display = ["issue", "supporter", "email", "language", "status", "sent_at"]
    list_filter = ["status", "language", "issue"]
    search_fields = ["email", "supporter__name"]
    list_per_page = 50
    inspect_view_fields = [
        "issue",
        "supporter",
        "email",
        "language",
        "status",
        "claimed_at",
        "sent_at",
        "error",
        "unsubscribed_at",
    ]

    def get_queryset(self, request):
        return NewsletterDelivery.objects.select_related("issue", "supporter")


class NewsletterSuppressionViewSet(PersonalDataViewSetMixin, ModelViewSet):
    model = NewsletterSuppression
    name = "newsletter_suppressions"
    icon = "warning"
    menu_label = gettext_lazy("Suppressed addresses")
    list_display = ["email_normalised", "reason", "provider", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email_normalised"]
    search_backend_name = None
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = ["email_normalised", "reason", "description"]


class NewslettersGroup(ViewSetGroup):
    menu_label = gettext_lazy("Newsletters")
    menu_icon = "mail"
    menu_order = 260
    items = (NewsletterIssueViewSet, NewsletterDeliveryViewSet, NewsletterSuppressionViewSet)


@hooks.register("register_admin_viewset")
def newsletters_viewsets():
    return NewslettersGroup()
