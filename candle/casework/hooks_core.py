"""cwcore's admin URLs and the Casework menu.

Every casework URL lives under ``/admin/casework/`` and its name starts with ``casework_``:
``candle/casework/tests/walk.py`` finds them there (the access matrix walks them all). Another
part of casework registers its own URLs in its own ``hooks_<part>.py`` and may offer
``casework_menu_items()`` (a list of ``(label, url_name, icon)``): the menu below adds them.
"""

from __future__ import annotations

import importlib

from django.urls import path, register_converter, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_core, admin_dossiers
from .access import can_use_casework

PARTS = ("hooks_core", "hooks_rescue", "hooks_testimonies")  # who may add menu items


class CaseNumberConverter:
    """A case number as ``services.case_open`` makes them (D-2026-0001): only such a segment
    is taken for a case, so ``casework/testimonies/`` and other parts' lists are not."""

    regex = r"[A-Z]-[0-9]{4}-[0-9]{4,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "casenumber")


def _urls():
    case = "casework/<casenumber:case_number>/"
    dossier = case + "dossier/"
    return [
        ("casework/", admin_core.case_list, "casework_cases"),
        ("casework/new/", admin_core.case_create, "casework_case_new"),
        (case, admin_core.case_detail, "casework_case"),
        (case + "notes/new/", admin_core.note_create, "casework_note_new"),
        (case + "documents/new/", admin_core.document_create, "casework_document_new"),
        (case + "documents/<int:document_id>/", admin_core.document_download, "casework_document"),
        (case + "grants/new/", admin_core.grant_create, "casework_grant_new"),
        (
            case + "grants/<int:grant_id>/withdraw/",
            admin_core.grant_remove,
            "casework_grant_withdraw",
        ),
        (dossier, admin_dossiers.dossier_detail, "casework_dossier"),
        (dossier + "edit/", admin_dossiers.dossier_edit, "casework_dossier_edit"),
        (dossier + "history/new/", admin_dossiers.event_create, "casework_dossier_event_new"),
        (dossier + "reminders/new/", admin_dossiers.reminder_create, "casework_reminder_new"),
        (
            dossier + "reminders/<int:reminder_id>/done/",
            admin_dossiers.reminder_finish,
            "casework_reminder_done",
        ),
        (dossier + "consents/new/", admin_dossiers.consent_create, "casework_consent_new"),
        (
            dossier + "consents/<int:consent_id>/withdraw/",
            admin_dossiers.consent_end,
            "casework_consent_withdraw",
        ),
        (dossier + "wgeid.<str:fmt>", admin_dossiers.wgeid_export, "casework_wgeid_export"),
    ]


@hooks.register("register_admin_urls")
def casework_core_admin_urls():
    return [path(route, never_cache(view), name=name) for route, view, name in _urls()]


def casework_menu_items():
    return [(_("Cases"), "casework_cases", "folder-open-inverse")]


class CaseworkMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return can_use_casework(request.user)


class CaseworkLink(MenuItem):
    def is_shown(self, request):
        return can_use_casework(request.user)


def _menu_items():
    items = []
    for order, part in enumerate(PARTS):
        try:
            module = importlib.import_module(f"candle.casework.{part}")
        except ModuleNotFoundError:
            continue
        for index, entry in enumerate(getattr(module, "casework_menu_items", list)()):
            if isinstance(entry, MenuItem):  # a part's own item, with its own is_shown
                entry.order = 100 * order + index
                items.append(entry)
                continue
            label, url_name, icon = entry
            items.append(
                CaseworkLink(
                    label,
                    reverse(url_name),
                    name=url_name,
                    icon_name=icon,
                    order=100 * order + index,
                )
            )
    return items


@hooks.register("register_admin_menu_item")
def casework_menu():
    return CaseworkMenuItem(
        _("Casework"),
        Menu(items=_menu_items()),
        name="casework",
        icon_name="folder-open-inverse",
        order=900,
    )
