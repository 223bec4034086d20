"""Sign-ins, permission changes and writes of personal records are logged without their code
calling record(); changes name fields, never values."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from candle.audit.models import AuditEntry
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-1"  # noqa: S105 - a test account's


def _entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user(username="staff-choi", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_sign_in_and_sign_out_are_logged_with_who_and_where(staff):
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = client.post("/admin/login/", {"username": "staff-choi", "password": PASSWORD})
    assert response.status_code == 302
    entry = _entries("signin.success").get()
    assert entry.actor == staff and entry.actor_username == "staff-choi"
    assert entry.client_address == "198.51.100.7" and entry.path == "/admin/login/"
    client.post("/admin/logout/")
    assert _entries("signout").get().actor == staff


def test_a_failed_sign_in_keeps_the_username_tried_never_the_password(staff):
    secret = "wrong-secret-typed-99"
    Client().post("/admin/login/", {"username": "staff-choi", "password": secret})
    entry = _entries("signin.failure").get()
    assert entry.detail == "staff-choi" and entry.actor is None
    assert not AuditEntry.objects.filter(detail__contains=secret).exists()
    long_name = "x" * 100
    Client().post("/admin/login/", {"username": long_name, "password": secret})
    assert _entries("signin.failure").last().detail == "x" * 64


def test_group_and_permission_changes_are_logged(staff):
    group = Group.objects.create(name="Supporter desk")
    view = Permission.objects.get(codename="view_supporter")
    group.permissions.add(view)
    staff.groups.add(group)
    staff.user_permissions.remove(Permission.objects.get(codename="access_admin"))
    details = list(_entries("permissions.change").values_list("target_label", "detail"))
    assert (f"Group #{group.pk}", "group permissions added: supporters.view_supporter") in details
    assert (f"User #{staff.pk} (staff-choi)", "groups added: Supporter desk") in details
    assert (
        f"User #{staff.pk} (staff-choi)",
        "user permissions removed: wagtailadmin.access_admin",
    ) in details


def test_adding_what_is_held_already_logs_nothing(staff):
    """Django signals an add of a group the user is in already, with nothing in it: no entry
    (a demo load or a role set-up run again wrote one "groups added:" per user)."""
    group = Group.objects.create(name="Supporter desk")
    staff.groups.add(group)
    group.permissions.add(Permission.objects.get(codename="view_supporter"))
    before = _entries("permissions.change").count()
    staff.groups.add(group)
    group.permissions.add(Permission.objects.get(codename="view_supporter"))
    staff.groups.remove(Group.objects.create(name="Never joined"))
    assert _entries("permissions.change").count() == before
    staff.groups.remove(group)
    assert _entries("permissions.change").last().detail == "groups removed: Supporter desk"


def test_adding_a_user_to_a_group_from_the_group_side_is_logged(staff):
    group = Group.objects.create(name="Auditors-test")
    group.user_set.add(staff)
    entry = _entries("permissions.change").last()
    assert entry.target_type == "auth.group" and entry.target_id == str(group.pk)
    assert entry.detail == f"groups added: #{staff.pk}"


def test_superuser_staff_and_active_flags_are_logged_but_not_a_sign_in(staff):
    before = _entries("permissions.change").count()
    staff.is_superuser = True
    staff.save()
    entry = _entries("permissions.change").last()
    assert entry.fields == ["is_superuser"] and entry.detail == "is_superuser=True"
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert _entries("permissions.change").last().fields == ["is_active"]
    staff.save(update_fields=["last_login"])
    staff.first_name = "가명"
    staff.save()
    assert _entries("permissions.change").count() == before + 2


def test_wagtail_page_and_collection_permissions_are_logged():
    group = Group.objects.create(name="Writers-test")
    root = Page.get_first_root_node()
    publish = Permission.objects.get(codename="publish_page")
    grant = GroupPagePermission.objects.create(group=group, page=root, permission=publish)
    choose = Permission.objects.get(codename="choose_image")
    GroupCollectionPermission.objects.create(
        group=group, collection=Collection.get_first_root_node(), permission=choose
    )
    grant.delete()
    details = list(_entries("permissions.change").values_list("detail", flat=True))
    assert f"page permission saved: publish_page on page #{root.pk}" in details
    assert any(d.startswith("collection permission saved: choose_image") for d in details)
    assert f"page permission deleted: publish_page on page #{root.pk}" in details


def test_personal_records_log_create_change_delete_with_field_names_only():
    supporter = Supporter.objects.create(
        name="홍가명", email="hong.audit@supporters.example", phone="010-2222-3333"
    )
    created = _entries("record.create").get(target_type="supporters.supporter")
    assert created.target_id == str(supporter.pk)
    assert created.target_label == f"Supporter #{supporter.pk}"
    supporter.phone = "010-4444-5555"
    supporter.notes = "전화 선호"
    supporter.save()
    changed = _entries("record.change").get(target_id=str(supporter.pk))
    assert {"notes", "phone"} <= set(changed.fields) and "name" not in changed.fields
    supporter.save()  # nothing changed: nothing logged
    assert _entries("record.change").filter(target_id=str(supporter.pk)).count() == 1
    pk = supporter.pk
    supporter.delete()
    assert _entries("record.delete").filter(target_id=str(pk)).exists()
    values = ("홍가명", "hong.audit", "010-2222-3333", "010-4444-5555", "전화 선호")
    for entry in AuditEntry.objects.all():
        text = f"{entry.target_label} {entry.detail} {entry.fields}"
        assert not any(value in text for value in values), text


def test_public_pages_write_nothing(client, site_tree):
    before = AuditEntry.objects.count()
    for url in ("/ko/", "/en/", "/ko/search/?q=인권"):
        assert client.get(url).status_code == 200
    assert AuditEntry.objects.count() == before


def test_the_public_join_form_writes_one_entry_naming_no_one(client):
    from django.core.cache import cache

    from candle.supporters.factories import MembershipTypeFactory

    cache.clear()  # rate-limit counts
    kind = MembershipTypeFactory(name_ko="정회원", name_en="Regular member", dues=30000)
    before = AuditEntry.objects.count()
    response = client.post(
        "/ko/supporters/join/",
        {
            "kind": "person",
            "name": "문가명",
            "email": "moon.audit@supporters.example",
            "phone": "",
            "membership_type": kind.pk,
            "consent_membership": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(seq__gt=before) if before else AuditEntry.objects.get()
    assert entry.action == "record.create" and entry.target_type == "supporters.pendingjoin"
    assert entry.actor is None and entry.actor_username == ""
    assert "문가명" not in entry.target_label
