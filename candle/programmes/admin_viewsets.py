"""The list of all registrations (read-only: seats change only through the services, so the
waiting list stays in order), with each registration's answers on its inspect page."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from candle.core.readonly_admin import ReadOnlyModelViewSet

from .models import EventPage, Registration


def _events(request=None):
    return EventPage.objects.filter(locale__language_code="ko").order_by("-starts_at")


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(queryset=_events, label=_("event"))

    class Meta:
        model = Registration
        fields = ["event", "status", "language"]


class RegistrationViewSet(ReadOnlyModelViewSet):
    model = Registration
    name = "programmes_registrations"
    icon = "clipboard-list"
    menu_label = _("Registrations")
    list_per_page = 50
    sort_order_field = None
    list_display = ["name", "event", "status", "created_at", "attended_at"]
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email"]
    inspect_view_fields = [
        "event",
        "name",
        "email",
        "phone",
        "language",
        "status",
        "answers_text",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "cancel_reason",
        "attended_at",
        "reminder_sent_at",
        "amount",
        "hold_until",
        "paid_at",
        "refund_due_at",
        "refunded_at",
        "refunded_by",
        "consent_text",
    ]

    def get_queryset(self, request):
        return Registration.objects.select_related("event")
