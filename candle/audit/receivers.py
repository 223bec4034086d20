"""What is logged without its code calling ``record()``: sign-in and sign-out, changes of
permissions, and every create, change and delete of a personal record.

Connected in ``AuditConfig.ready``. Personal records are the models of the apps in
``candle.access.policy.PERSONAL_DATA_APP_LABELS`` (the audit log itself excepted), connected
model by model so other models keep Django's fast delete. A change names the fields whose
values differ from the stored row (read once before the save), never the values. Queryset
``update()`` and ``bulk_create()`` send no signals and are not seen here: services that use them
on personal records go through ``candle.audit.rows`` (a test scans the code for them).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from candle.access.policy import PERSONAL_DATA_APP_LABELS

from .log import record

USER_FLAGS = ("is_active", "is_staff", "is_superuser")
TRIED_USERNAME_MAX = 64  # what was typed into the username box, cut: sometimes a password


def personal_record_models() -> list[type]:
    """Models of the personal-data apps; not their Wagtail pages (a campaign page is content,
    with Wagtail's own history) and not the audit log."""
    from wagtail.models import Page

    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PERSONAL_DATA_APP_LABELS
        and model._meta.app_label != "audit"
        and not issubclass(model, Page)
    ]


# --- sign-in --------------------------------------------------------------------------------


def _signed_in(sender, request, user, **kwargs):
    record("signin.success", request=request, actor=user, target=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    model = get_user_model()
    tried = str(credentials.get(model.USERNAME_FIELD) or credentials.get("username") or "")
    record("signin.failure", request=request, detail=tried[:TRIED_USERNAME_MAX])


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("signout", request=request, actor=user, target=user)


# --- permissions ----------------------------------------------------------------------------


def _names(model, pks) -> str:
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
        names = [f"{p.content_type.app_label}.{p.codename}" for p in rows]
    elif model is Group:
        names = list(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    else:
        names = [f"#{pk}" for pk in pks]
    return ", ".join(sorted(names))


def _held(through, instance, model, pks) -> set:
    """Which of ``pks`` (of ``model``) ``instance`` is linked to in ``through`` now."""
    source = target = None
    for field in through._meta.fields:
        related = getattr(field, "related_model", None)
        if related is model:
            target = field.attname
        elif related is not None and isinstance(instance, related):
            source = field.attname
    if source is None or target is None:  # not a plain two-sided table: assume all were held
        return set(pks)
    rows = through._base_manager.filter(**{source: instance.pk, f"{target}__in": list(pks)})
    return set(rows.values_list(target, flat=True))


def _m2m_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_remove":
        # Django signals a remove of what was never held as a removal: keep what really goes
        instance._audit_removing = _held(sender, instance, model, pk_set or ())
        return
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "post_remove":
        pk_set = getattr(instance, "_audit_removing", pk_set)
        instance._audit_removing = None
    if action != "pre_clear" and not pk_set:
        return  # an add of what was held already (Django signals it empty), a remove of nothing
    verb = {"post_add": "added", "post_remove": "removed", "pre_clear": "cleared"}[action]
    relation = next(
        (name for name, through in _PERMISSION_RELATIONS.items() if through is sender), "m2m"
    )
    if action == "pre_clear":
        detail = f"{relation} {verb}"
    else:
        detail = f"{relation} {verb}: {_names(model, pk_set or ())}"
    record("permissions.change", target=instance, detail=detail)


_PERMISSION_RELATIONS: dict[str, type] = {}


def _user_flags_before(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        instance._audit_flags_changed = []  # a sign-in's last_login: nothing to compare
        return
    if instance._state.adding or instance.pk is None:
        instance._audit_flags_changed = [f for f in USER_FLAGS[1:] if getattr(instance, f)]
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*USER_FLAGS).first() or {}
    instance._audit_flags_changed = [
        flag for flag in USER_FLAGS if stored.get(flag) != getattr(instance, flag)
    ]


def _user_flags_after(sender, instance, **kwargs):
    changed = getattr(instance, "_audit_flags_changed", None)
    if changed:
        detail = ", ".join(f"{flag}={getattr(instance, flag)}" for flag in changed)
        record("permissions.change", target=instance, fields=changed, detail=detail)
    instance._audit_flags_changed = []


def _wagtail_permission_saved(sender, instance, **kwargs):
    _wagtail_permission(sender, instance, "saved")


def _wagtail_permission_deleted(sender, instance, **kwargs):
    _wagtail_permission(sender, instance, "deleted")


def _wagtail_permission(sender, instance, verb):
    place = "page" if hasattr(instance, "page_id") else "collection"
    place_id = getattr(instance, f"{place}_id")
    permission = Permission.objects.filter(pk=instance.permission_id).values_list(
        "codename", flat=True
    )
    detail = f"{place} permission {verb}: {permission.first() or '?'} on {place} #{place_id}"
    record("permissions.change", target=Group(pk=instance.group_id), detail=detail)


# --- personal records -----------------------------------------------------------------------


def _compared_fields(model, update_fields) -> list:
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False)
    ]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    return fields


def _record_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_changed = None
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _compared_fields(sender, update_fields)
    if not fields:
        return
    stored = (
        sender._base_manager.using(instance._state.db or "default")
        .filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    if stored is None:
        return
    instance._audit_changed = [
        f.name for f in fields if _differs(f, stored[f.attname], getattr(instance, f.attname))
    ]


def _differs(field, stored, current) -> bool:
    """Whether the value to be saved differs from the stored one ("5" and 5 for an integer
    field, an aware and a naive time… are compared as the field reads them)."""
    try:
        return field.to_python(stored) != field.to_python(current)
    except Exception:  # noqa: BLE001 - a value the field cannot read is a change, not a crash
        return stored != current


def _record_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record("record.create", target=instance)
        return
    changed = getattr(instance, "_audit_changed", None)
    instance._audit_changed = None
    if changed:
        record("record.change", target=instance, fields=changed)


def _record_deleted(sender, instance, **kwargs):
    record("record.delete", target=instance)


def receivers_connect() -> None:
    user_model = get_user_model()
    user_logged_in.connect(_signed_in, dispatch_uid="audit_signin")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit_signin_failed")
    user_logged_out.connect(_signed_out, dispatch_uid="audit_signout")

    _PERMISSION_RELATIONS.update(
        {
            "groups": user_model.groups.through,
            "user permissions": user_model.user_permissions.through,
            "group permissions": Group.permissions.through,
        }
    )
    for name, through in _PERMISSION_RELATIONS.items():
        m2m_changed.connect(_m2m_permissions, sender=through, dispatch_uid=f"audit_m2m_{name}")
    pre_save.connect(_user_flags_before, sender=user_model, dispatch_uid="audit_user_flags")
    post_save.connect(_user_flags_after, sender=user_model, dispatch_uid="audit_user_flags")
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    for model in (GroupPagePermission, GroupCollectionPermission):
        uid = f"audit_{model._meta.model_name}"
        post_save.connect(_wagtail_permission_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_wagtail_permission_deleted, sender=model, dispatch_uid=uid)

    for model in personal_record_models():
        uid = f"audit_record_{model._meta.label_lower}"
        pre_save.connect(_record_before, sender=model, dispatch_uid=uid)
        post_save.connect(_record_after, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_deleted, sender=model, dispatch_uid=uid)
