"""Korean staff read permission names in Korean on a group's edit page, though Django stored
them in English when it migrated."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.users.models import UserProfile

from candle.access.permission_names import permission_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    def signed_in(language: str):
        user = django_user_model.objects.create_superuser(
            f"admin-{language}", password="x-admin-perm-1"
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return signed_in


def _edit_page(client) -> str:
    group = Group.objects.create(name="Permission names")
    response = client.get(f"/admin/groups/edit/{group.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_group_editor_names_permissions_in_korean(admin_client):
    # Stored in English, as every migration stores them.
    assert Permission.objects.get(codename="merge_supporter").name == (
        "Can merge duplicate supporters"
    )
    assert Permission.objects.get(codename="view_supporter").name == "Can view supporter"
    html = _edit_page(admin_client("ko"))
    assert "중복 후원자를 병합할 수 있음" in html  # a custom permission (supporters)
    assert "후원자 보기 가능" in html  # Django's standard "Can view supporter"
    assert "후원자 추가 가능" in html  # the add column's label for screen readers
    assert "Can merge duplicate supporters" not in html
    assert "Can add supporter" not in html


def test_english_staff_keep_the_english_names(admin_client):
    html = _edit_page(admin_client("en"))
    assert "Can merge duplicate supporters" in html
    assert "Can add supporter" in html
    assert "중복 후원자를 병합할 수 있음" not in html


def test_labels_follow_the_active_language_and_saving_keeps_the_stored_name():
    merge = Permission.objects.get(codename="merge_supporter")
    delete = Permission.objects.get(codename="delete_supporter")
    with translation.override("ko"):
        assert permission_label(merge) == "중복 후원자를 병합할 수 있음"
        assert permission_label(delete) == "후원자 삭제 가능"
    with translation.override("en"):
        assert permission_label(delete) == "Can delete supporter"
    merge.refresh_from_db()
    assert merge.name == "Can merge duplicate supporters"
