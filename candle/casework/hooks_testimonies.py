"""Testimonies' admin: URLs, the vocabularies' snippet screens (case supervisors edit them) and
the menu entries.

``casework_menu_items()`` is what casework's menu (``hooks_core``) shows for testimonies.
Nothing here is registered with site search or the API.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from candle.core.personal_data_admin import PersonalDataSnippetViewSet

from . import admin_researcher_export as exports
from . import admin_testimonies as views
from .access import can_use_casework
from .models import DetentionPlace, PerpetratorUnit, ViolationType


@hooks.register("register_admin_urls")
def testimonies_admin_urls():
    base = "casework/testimonies/"
    return [
        path(base, never_cache(views.testimony_index), name="casework_testimonies"),
        path(
            f"{base}<str:case_number>/",
            never_cache(views.testimony_panel),
            name="casework_testimony",
        ),
        path(
            f"{base}<str:case_number>/edit/",
            never_cache(views.testimony_edit),
            name="casework_testimony_edit",
        ),
        path(
            f"{base}<str:case_number>/<str:part>/add/",
            never_cache(views.testimony_part_add),
            name="casework_testimony_part_add",
        ),
        path(
            f"{base}<str:case_number>/<str:part>/<int:pk>/",
            never_cache(views.testimony_part_edit),
            name="casework_testimony_part_edit",
        ),
        path("casework/exports/", never_cache(exports.export_index), name="casework_exports"),
        path(
            "casework/exports/new/",
            never_cache(exports.export_prepare),
            name="casework_export_prepare",
        ),
        path(
            "casework/exports/<int:pk>/", never_cache(exports.export_detail), name="casework_export"
        ),
        path(
            "casework/exports/<int:pk>/download.<str:fmt>",
            never_cache(exports.export_download),
            name="casework_export_download",
        ),
    ]


class _VocabularyViewSet(PersonalDataSnippetViewSet):
    """A vocabulary's screens: behind the casework model permissions (only case supervisors hold
    them), no copy, no delete from the list (rows in use are protected anyway)."""

    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name_ko", "code", "sort_order"]


class ViolationTypeViewSet(_VocabularyViewSet):
    model = ViolationType
    icon = "tag"


class PerpetratorUnitViewSet(_VocabularyViewSet):
    model = PerpetratorUnit
    icon = "group"


class DetentionPlaceViewSet(_VocabularyViewSet):
    model = DetentionPlace
    icon = "lock"
    list_display = ["name_ko", "code", "kind", "country", "region"]


VOCABULARY_VIEWSETS = (ViolationTypeViewSet(), PerpetratorUnitViewSet(), DetentionPlaceViewSet())
for _viewset in VOCABULARY_VIEWSETS:
    register_snippet(_viewset)


class CaseworkMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_casework(request.user)


class VocabularyMenuItem(MenuItem):
    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model

    def is_shown(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def casework_menu_items() -> list[MenuItem]:
    items: list[MenuItem] = [
        CaseworkMenuItem(
            _("Testimonies"), reverse("casework_testimonies"), icon_name="doc-full", order=10
        ),
        CaseworkMenuItem(
            _("Researcher exports"), reverse("casework_exports"), icon_name="download", order=20
        ),
    ]
    for order, viewset in enumerate(VOCABULARY_VIEWSETS, start=3):
        items.append(
            VocabularyMenuItem(
                viewset.model._meta.verbose_name_plural.capitalize(),
                reverse(viewset.get_url_name("list")),
                icon_name=viewset.icon,
                order=order * 10,
                model=viewset.model,
            )
        )
    return items
