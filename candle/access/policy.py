"""Who must sign in with two factors: the one rule the sign-in, the roles and their tests share.

An account needs a second factor when it is a superuser, holds any permission (its own or a
group's) on a model of an app that keeps personal data or one that shows it (the failed
jobs' errors), or can change who may do what (add,
change or delete users or groups, change permissions): whoever can grant access can take it. Roles (``setup_roles``) give those
permissions; this rule follows whatever they give, so a new group that can read supporters is
covered without being named here.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q

# Apps whose models hold personal data (a person's record, a gift, an application, a case) or
# the audit log of who read them.
PERSONAL_DATA_APP_LABELS = (
    "supporters",
    "giving",
    "programmes",
    "advocacy",
    "casework",
    "audit",
)

# Permissions outside those apps that still show personal data ("app_label.codename"): the
# failed jobs' errors can name an address.
PERSONAL_DATA_PERMISSIONS = ("operations.manage_jobs",)

# Permissions of the auth app that change someone's access (codenames).
ACCESS_CHANGING_CODENAMES = (
    "add_user",
    "change_user",
    "delete_user",
    "add_group",
    "change_group",
    "delete_group",
    "change_permission",
)


def two_factor_required(user) -> bool:
    """Whether the account must use a second factor to reach the admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        Permission.objects.filter(
            Q(content_type__app_label__in=PERSONAL_DATA_APP_LABELS)
            | Q(content_type__app_label="auth", codename__in=ACCESS_CHANGING_CODENAMES)
            | _permissions_named(PERSONAL_DATA_PERMISSIONS)
        )
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def _permissions_named(names) -> Q:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query
