"""Advocacy in the Wagtail admin: signatures (read only), organisations' signatures (staff
approve or reject), delivery packs. Every screen of personal data is built on
``PersonalDataViewSetMixin`` (``candle/core/personal_data_admin.py``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from candle.core.personal_data_admin import PersonalDataSnippetViewSet
from candle.core.readonly_admin import ReadOnlyModelViewSet

from . import appeal_admin
from .models import DeliveryPack, OrganisationSignature, Signature
from .signons import signons_changed


class SignatureViewSet(ReadOnlyModelViewSet):
    model = Signature
    name = "advocacy_signatures"
    icon = "edit"
    menu_label = _("Signatures")
    list_display = ["name", "country", "counted", "confirmed_at", "created_at", "appeal"]
    list_filter = ["counted", "language"]
    search_fields = ["name", "email_normalised"]
    list_per_page = 50
    sort_order_field = None
    inspect_view_fields = [
        "appeal",
        "name",
        "email",
        "country",
        "comment",
        "language",
        "counted",
        "created_at",
        "confirmed_at",
        "newsletter",
        "consent_text",
        "supporter",
        "forgotten_at",
    ]

    def get_queryset(self, request):
        return Signature.objects.select_related("appeal")


class DeliveryPackViewSet(ReadOnlyModelViewSet):
    model = DeliveryPack
    name = "advocacy_delivery_packs"
    icon = "download"
    menu_label = _("Delivery packs")
    list_display = ["appeal", "status", "progress", "signature_count", "created_at"]
    read_only_views = ("index", "index_results")
    inspect_view_enabled = False
    sort_order_field = None


class AdvocacyGroup(ViewSetGroup):
    menu_label = _("Advocacy")
    menu_icon = "mail"
    menu_order = 260
    items = (SignatureViewSet, DeliveryPackViewSet)

    def get_submenu_items(self):
        return [
            PermissionMenuItem(
                _("Appeals and delivery"),
                reverse("advocacy_appeals"),
                icon_name="doc-full",
                order=0,
                permission=appeal_admin.VIEW_PERMISSION,
            ),
            *super().get_submenu_items(),
        ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_viewset")
def advocacy_viewsets():
    return AdvocacyGroup()


class OrganisationSignatureViewSet(PersonalDataSnippetViewSet):
    model = OrganisationSignature
    icon = "group"
    menu_label = _("Organisations' signatures")
    add_to_admin_menu = True
    menu_order = 261
    list_display = ["name_ko", "name_en", "country", "status", "created_at", "appeal"]
    list_filter = ["status"]
    search_fields = ["name_ko", "name_en", "contact_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("name_ko"),
                FieldPanel("name_en"),
                FieldPanel("country"),
                FieldPanel("website"),
            ],
            heading=_("Shown on the statement"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("email")], heading=_("For staff only")
        ),
    ]


register_snippet(OrganisationSignatureViewSet)


@hooks.register("after_edit_snippet")
def organisation_reviewed(request, instance):
    """Approving or rejecting shows on the appeal's page at once (its addresses purged)."""
    if isinstance(instance, OrganisationSignature):
        signons_changed(appeal_key=instance.appeal_key)


@hooks.register("register_admin_urls")
def advocacy_admin_urls():
    return [
        path("advocacy/", never_cache(appeal_admin.appeals_index), name="advocacy_appeals"),
        path(
            "advocacy/<int:appeal_id>/delivery/",
            never_cache(appeal_admin.delivery),
            name="advocacy_delivery",
        ),
        path(
            "advocacy/packs/<int:pack_id>.<str:kind>",
            never_cache(appeal_admin.delivery_download),
            name="advocacy_delivery_download",
        ),
    ]
