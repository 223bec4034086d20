"""The audit log in the admin, for auditors: a read-only listing with filters and an export.

Only users with ``audit.view_auditentry`` (the Auditors group) and superusers see the menu item
and the screens (``PersonalDataViewSetMixin``: the log names who read whose record). No URL adds,
edits or deletes an entry; nobody can even be given those permissions (the model has only
``view``). Each export is itself written to the log, with its row count, before the file is
sent.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView

from candle.core.readonly_admin import ReadOnlyModelViewSet
from candle.giving.exports import cell_safe

from .log import record
from .models import ACTION_LABELS, AuditEntry


def _target_types(request=None):
    types = AuditEntry.objects.exclude(target_type="").values_list("target_type", flat=True)
    return [(name, name) for name in types.distinct().order_by("target_type")]


def _actors(request=None):
    from django.contrib.auth import get_user_model

    ids = AuditEntry.objects.exclude(actor=None).values("actor_id").distinct()
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(choices=list(ACTION_LABELS.items()), label=_("action"))
    actor = django_filters.ModelChoiceFilter(queryset=_actors, label=_("actor"))
    at = django_filters.DateFromToRangeFilter(label=_("date"), widget=DateRangePickerWidget)
    target_type = django_filters.ChoiceFilter(choices=_target_types, label=_("target type"))

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "at", "target_type"]


class AuditEntryIndexView(IndexView):
    """The listing; its export cells go through ``cell_safe`` and the export is logged."""

    def preprocess_field_value(self, field, value, export_format):
        return cell_safe(super().preprocess_field_value(field, value, export_format))

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record(
            "export",
            request=self.request,
            count=queryset.count(),
            detail=f"audit entries ({spreadsheet_format})",
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditEntryViewSet(ReadOnlyModelViewSet):
    """The log, read only: the listing and its export; no URL that adds, edits or deletes."""

    model = AuditEntry
    name = "audit_log"
    icon = "list-ul"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = AuditEntryIndexView
    filterset_class = AuditEntryFilterSet
    list_display = [
        "at",
        "actor_username",
        "action_label",
        "target_label",
        "fields_label",
        "count",
        "detail",
        "client_address",
    ]
    list_export = [
        "seq",
        "at",
        "actor_username",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "fields",
        "count",
        "detail",
        "client_address",
        "path",
        "hash",
    ]
    export_filename = "audit-log"
    list_per_page = 50
    search_fields = None
    read_only_views = ("index", "index_results")
    inspect_view_enabled = False

    def get_queryset(self, request):
        return AuditEntry.objects.order_by("-seq")


@hooks.register("register_admin_viewset")
def audit_viewset():
    return AuditEntryViewSet()
