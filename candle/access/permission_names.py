"""Permission names in the reader's language.

Django stores a permission's name in the database as it was when the migration ran (English:
"Can add supporter", or a custom permission's English source text), and Wagtail's group editor
shows that column. Here the name is rebuilt at display time from the code: Django's four
standard permissions from the model's ``verbose_name`` in the active language, a custom
permission from the model's ``Meta.permissions`` (each name marked with ``gettext_lazy``), and
anything else (Wagtail's own, "Can access Wagtail admin") through the catalogues as it is
stored. ``permissions_translated(queryset)`` gives permissions whose ``name`` is that label; the
group editor's form uses it (``users_admin.CandleGroupForm``). The rows are for reading: the
form stores only their keys.
"""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.db.models.query import ModelIterable
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STANDARD = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """The permission's name in the active language."""
    content_type = ContentType.objects.get_for_id(permission.content_type_id)  # cached
    model = content_type.model_class()
    if model is None:  # a model no longer installed
        return gettext(permission.name)
    opts = model._meta
    for action in opts.default_permissions:
        if action in STANDARD and permission.codename == get_permission_codename(action, opts):
            return STANDARD[action] % {"model": opts.verbose_name}
    for codename, name in opts.permissions:
        if codename == permission.codename:
            return gettext(str(name))
    return gettext(permission.name)


class _TranslatedPermissions(ModelIterable):
    def __iter__(self):
        for permission in super().__iter__():
            permission.name = permission_label(permission)
            yield permission


def permissions_translated(queryset):
    """The same permissions, each with ``name`` in the active language when the rows are read
    (copies of the queryset made by ``filter()`` keep it)."""
    queryset = queryset.all()
    queryset._iterable_class = _TranslatedPermissions
    return queryset
