"""Wagtail's users and groups screens, with each role's group shown by its translated name.

Group names stay stable English identifiers (``roles.py``: wagtail-localize and the workflow
find ``Editors`` by name); Korean staff read ``편집자`` on the groups list, on a group's edit page
and next to each checkbox of a user's groups; a group's permissions are named in the reader's
language too (``permission_names``). Installed through ``users_app.CandleUsersAppConfig`` in
``INSTALLED_APPS`` (Wagtail's documented way to replace its users and groups viewsets).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm
from wagtail.users.views import groups, users

from .permission_names import permissions_translated
from .roles import ROLES, role_label


def _purpose(group) -> str:
    role = ROLES.get(group.name)
    return str(role.purpose) if role else ""


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Name"),
            sort_key="name",
            url_name="wagtailusers_groups:edit",
            accessor=lambda group: role_label(group.name),
        ),
        Column("purpose", label=_("What the role may do"), accessor=_purpose),
    ]


class GroupEditView(groups.EditView):
    def get_page_subtitle(self):
        return role_label(self.object.name)


class GroupDeleteView(groups.DeleteView):
    def get_page_subtitle(self):
        return role_label(self.object.name)


class CandleGroupForm(GroupForm):
    """Wagtail's group form, its permissions named in the reader's language (Django stores the
    names in English: ``permission_names``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["permissions"]
        field.queryset = permissions_translated(field.queryset)


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView

    def get_form_class(self, for_update=False):
        return CandleGroupForm


class _RoleLabelledGroups:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("groups")
        if field is not None:
            field.label_from_instance = lambda group: role_label(group.name)


class CandleUserCreationForm(_RoleLabelledGroups, UserCreationForm):
    pass


class CandleUserEditForm(_RoleLabelledGroups, UserEditForm):
    pass


class UserViewSet(users.UserViewSet):
    def get_form_class(self, for_update=False):
        return CandleUserEditForm if for_update else CandleUserCreationForm
