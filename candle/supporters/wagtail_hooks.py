"""Staff manage supporters, consents and memberships in the Wagtail admin. Every view, chooser
and bulk action needs permission to view or change the model (``PersonalDataSnippetViewSet``,
candle/core/personal_data_admin.py), then Wagtail's own check; none of it is indexed by search."""

import django_filters
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from candle.core.personal_data_admin import PersonalDataSnippetViewSet

from . import admin_views
from .admin_record import SupporterInspectView
from .models import Consent, Membership, MembershipType, Supporter, SupporterMerge


class SupporterFilterSet(WagtailFilterSet):
    tags = django_filters.ModelChoiceFilter(
        field_name="tags",
        label=_("tags"),
        queryset=Tag.objects.filter(supporters_supportertag_items__isnull=False)
        .distinct()
        .order_by("name"),
    )
    anonymised = django_filters.BooleanFilter(
        field_name="anonymised_at", lookup_expr="isnull", exclude=True, label=_("anonymised")
    )

    class Meta:
        model = Supporter
        fields = ["kind", "preferred_language"]


class SupporterViewSet(PersonalDataSnippetViewSet):
    model = Supporter
    icon = "user"
    menu_label = _("Supporters")
    list_display = ["name", "kind", "email", "phone", "preferred_language", "created_at"]
    filterset_class = SupporterFilterSet
    search_fields = ["name", "email", "phone", "phone_normalised"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = SupporterInspectView
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("preferred_language")]),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("postal_code"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("tags"),
        FieldPanel("notes"),
    ]


class ConsentViewSet(PersonalDataSnippetViewSet):
    model = Consent
    icon = "tick-inverse"
    menu_label = _("Consent ledger")
    list_display = ["supporter", "purpose", "required", "method", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "method", "required"]
    search_fields = ["supporter__name", "supporter__email"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("supporter"),
        FieldPanel("purpose"),
        FieldPanel("text"),
        FieldPanel("method"),
        FieldPanel("source"),
        FieldPanel("given_at"),
        FieldPanel("withdrawn_at"),
    ]

    def get_queryset(self, request):
        return Consent.objects.select_related("supporter")


class MembershipTypeViewSet(PersonalDataSnippetViewSet):
    model = MembershipType
    icon = "tag"
    menu_label = _("Membership types")
    list_display = [
        "name_ko",
        "name_en",
        # the label says the currency; the figure is grouped by thousands (30,000, not 30000)
        Column("dues", label=_("dues (KRW)"), accessor=lambda kind: f"{kind.dues:,}"),
        "period",
        "is_active",
    ]
    copy_view_enabled = False


class MembershipViewSet(PersonalDataSnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    list_display = ["supporter", "membership_type", "status", "joined_on", "renews_on"]
    list_filter = ["status", "membership_type"]
    search_fields = ["supporter__name", "supporter__email"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Membership.objects.select_related("supporter", "membership_type")


class SupporterMergeViewSet(PersonalDataSnippetViewSet):
    """Read-only record of merges (what moved, and the merged record's snapshot)."""

    model = SupporterMerge
    icon = "history"
    menu_label = _("Merge records")
    list_display = ["kept", "merged_supporter_id", "merged_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return SupporterMerge.objects.select_related("kept")


class SupportersGroup(SnippetViewSetGroup):
    menu_label = _("Supporters")
    menu_icon = "user"
    menu_order = 250
    items = (
        SupporterViewSet,
        ConsentViewSet,
        MembershipViewSet,
        MembershipTypeViewSet,
        SupporterMergeViewSet,
    )


register_snippet(SupportersGroup)


@hooks.register("register_admin_urls")
def supporters_admin_urls():
    urls = [
        path("duplicates/", admin_views.duplicates, name="duplicates"),
        path("<int:pk>/forget/", admin_views.forget, name="forget"),
    ]
    return [path("supporters-tools/", include((urls, "supporters_admin")))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def duplicates_menu_item():
    return PermissionMenuItem(
        _("Duplicate supporters"),
        reverse("supporters_admin:duplicates"),
        icon_name="group",
        order=251,
        permission=admin_views.MERGE_PERMISSION,
    )


@hooks.register("register_snippet_listing_buttons")
def forget_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, Supporter)
        and not snippet.is_anonymised
        and user.has_perm(admin_views.FORGET_PERMISSION)
    ):
        yield Button(
            _("Forget (anonymise)"),
            reverse("supporters_admin:forget", args=[snippet.pk]),
            icon_name="warning",
            priority=90,
        )
