"""Read-only staff listings of the money rows in the Wagtail admin (Giving menu): donations,
monthly pledges, payments, receipts and webhook events. Money rows are never added, edited or
deleted here — they come from providers, statements and services — so the only action is
cancelling a pledge (its own POST view, permission ``giving.change_pledge``).

Who sees them: staff with ``giving.view_donation`` (one permission for all five lists, the same
that opens the dashboard). Resident registration numbers appear only masked (receipts)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from candle.core.readonly_admin import ReadOnlyModelViewSet

from .models import CampaignPage, Donation, Payment, Pledge, Receipt, WebhookEvent

VIEW_PERMISSION = "giving.view_donation"
CANCEL_PERMISSION = "giving.change_pledge"


class GivingReadOnlyPolicy(BasePermissionPolicy):
    """View (and inspect) for staff with giving.view_donation; nothing else, for anyone."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(VIEW_PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        app, codename = VIEW_PERMISSION.split(".")
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__content_type__app_label=app, user_permissions__codename=codename)
            | Q(
                groups__permissions__content_type__app_label=app,
                groups__permissions__codename=codename,
            )
        ).distinct()


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 10, -1)]


def _campaigns(request=None):
    return CampaignPage.objects.order_by("title")


class DonationFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=_campaigns, label=_("campaign"))
    year = django_filters.ChoiceFilter(
        field_name="received_at", lookup_expr="year", choices=_years, label=_("year")
    )

    class Meta:
        model = Donation
        fields = ["campaign", "method", "status", "frequency", "currency"]


class PledgeFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=_campaigns, label=_("campaign"))
    year = django_filters.ChoiceFilter(
        field_name="created_at", lookup_expr="year", choices=_years, label=_("year")
    )

    class Meta:
        model = Pledge
        fields = ["campaign", "method", "status"]


class PaymentFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=_campaigns, label=_("campaign"))
    year = django_filters.ChoiceFilter(
        field_name="created_at", lookup_expr="year", choices=_years, label=_("year")
    )

    class Meta:
        model = Payment
        fields = ["campaign", "status", "frequency", "purpose", "provider"]


class ReceiptFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(choices=_years, label=_("year"))
    voided = django_filters.BooleanFilter(
        field_name="voided_at", lookup_expr="isnull", exclude=True, label=_("voided")
    )

    class Meta:
        model = Receipt
        fields = ["year"]


class WebhookEventFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        field_name="received_at", lookup_expr="year", choices=_years, label=_("year")
    )

    class Meta:
        model = WebhookEvent
        fields = ["provider", "outcome"]


class ReadOnlyViewSet(ReadOnlyModelViewSet):
    """No add, edit, delete or copy: those URLs are not even registered. Every URL, the pledge's
    cancel included, first needs the ``view`` of the policy below (PersonalDataViewSetMixin)."""

    list_per_page = 50
    sort_order_field = None

    @property
    def permission_policy(self):
        return _POLICIES[self.model]


class DonationViewSet(ReadOnlyViewSet):
    model = Donation
    name = "giving_donations"
    icon = "pick"
    menu_label = _("Donations")
    list_display = [
        "received_at",
        "supporter",
        "amount",
        "method",
        "frequency",
        "status",
        "campaign",
    ]
    filterset_class = DonationFilterSet
    search_fields = ["supporter__name", "supporter__email", "source_ref"]
    inspect_view_fields = [
        "received_at",
        "supporter",
        "amount",
        "currency",
        "method",
        "frequency",
        "status",
        "campaign",
        "pledge",
        "receipt_requested",
        "source_ref",
        "note",
        "thanked_at",
        "created_at",
    ]

    def get_queryset(self, request):
        return Donation.objects.select_related("supporter", "campaign")


class PledgeInspectView(InspectView):
    template_name = "giving/admin/pledge_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge = self.object
        context["can_cancel"] = (
            pledge.status != Pledge.Status.CANCELLED
            and self.request.user.has_perm(CANCEL_PERMISSION)
        )
        context["cancel_url"] = reverse("giving_pledges:cancel", args=[pledge.pk])
        return context


class PledgeViewSet(ReadOnlyViewSet):
    model = Pledge
    name = "giving_pledges"
    icon = "repeat"
    menu_label = _("Monthly pledges")
    list_display = [
        "reference",
        "supporter",
        "amount",
        "method",
        "status",
        "next_charge_on",
        "campaign",
        "created_at",
    ]
    filterset_class = PledgeFilterSet
    search_fields = ["supporter__name", "supporter__email", "reference"]
    inspect_view_class = PledgeInspectView
    inspect_view_fields = [
        "reference",
        "supporter",
        "amount",
        "currency",
        "method",
        "status",
        "provider",
        "day_of_month",
        "next_charge_on",
        "campaign",
        "receipt_requested",
        "created_at",
        "cancelled_at",
    ]  # never the billing key

    def get_queryset(self, request):
        return Pledge.objects.select_related("supporter", "campaign")

    def get_urlpatterns(self):
        from .admin_views import pledge_cancel_view

        return [
            *super().get_urlpatterns(),
            path("cancel/<int:pk>/", pledge_cancel_view, name="cancel"),
        ]


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    name = "giving_payments"
    icon = "credit-card"
    menu_label = _("Payments")
    list_display = [
        "created_at",
        "supporter",
        "amount",
        "frequency",
        "purpose",
        "status",
        "provider",
        "provider_payment_id",
    ]
    filterset_class = PaymentFilterSet
    search_fields = ["supporter__name", "supporter__email", "provider_payment_id"]
    inspect_view_fields = [
        "provider",
        "provider_payment_id",
        "supporter",
        "campaign",
        "pledge",
        "frequency",
        "purpose",
        "amount",
        "currency",
        "status",
        "status_at",
        "failure_reason",
        "receipt_requested",
        "created_at",
    ]

    def get_queryset(self, request):
        return Payment.objects.select_related("supporter", "campaign")


class ReceiptViewSet(ReadOnlyViewSet):
    model = Receipt
    name = "giving_receipts_list"
    icon = "doc-full"
    menu_label = _("Receipts")
    list_display = [
        "number",
        "donor_name",
        "masked_tax_id",
        "total",
        "issued_at",
        "reissue_count",
        "voided_at",
    ]
    filterset_class = ReceiptFilterSet
    search_fields = ["number", "donor_name", "supporter__name", "supporter__email"]
    inspect_view_fields = [
        "number",
        "year",
        "supporter",
        "donor_name",
        "masked_tax_id",
        "total",
        "issued_at",
        "reissue_count",
        "voided_at",
        "void_reason",
    ]

    def get_queryset(self, request):
        return Receipt.objects.select_related("supporter", "supporter__tax_id")


class WebhookEventViewSet(ReadOnlyViewSet):
    model = WebhookEvent
    name = "giving_webhooks"
    icon = "resubmit"
    menu_label = _("Webhook events")
    list_display = ["received_at", "provider", "event_type", "outcome", "detail", "payment"]
    filterset_class = WebhookEventFilterSet
    search_fields = [
        "event_id",
        "event_type",
        "payment__supporter__name",
        "payment__supporter__email",
    ]
    inspect_view_fields = [
        "provider",
        "event_id",
        "event_type",
        "received_at",
        "outcome",
        "detail",
        "payment",
        "payload",
    ]

    def get_queryset(self, request):
        return WebhookEvent.objects.select_related("payment")


_POLICIES = {
    model: GivingReadOnlyPolicy(model)
    for model in (Donation, Pledge, Payment, Receipt, WebhookEvent)
}
for _model, _policy in _POLICIES.items():
    register_permission_policy(_model, _policy, exact_class=True)


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class GivingGroup(ViewSetGroup):
    menu_label = _("Giving")
    menu_icon = "pick"
    menu_order = 250
    items = (DonationViewSet, PledgeViewSet, PaymentViewSet, ReceiptViewSet, WebhookEventViewSet)

    def get_submenu_items(self):
        dashboard = DashboardMenuItem(
            pgettext_lazy("giving menu", "Dashboard"),
            reverse("giving_dashboard"),
            icon_name="home",
            order=0,
        )
        return [dashboard, *super().get_submenu_items()]


__all__ = ["GivingGroup"]
