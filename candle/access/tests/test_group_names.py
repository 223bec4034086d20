"""Korean staff read each role's group by its Korean name on the users and groups screens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from candle.access.roles import EDITORS, GIVING_STAFF, roles_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def korean_admin(client, django_user_model):
    roles_setup()
    user = django_user_model.objects.create_superuser("admin-ko", password="x-admin-ko-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    client.force_login(user)
    return user


def test_the_groups_list_names_roles_in_korean(client, korean_admin):
    html = client.get("/admin/groups/").content.decode()
    assert "편집자" in html and "후원금 담당" in html
    assert ">Editors<" not in html and "Giving staff" not in html
    assert "이 역할이 할 수 있는 일" in html


def test_a_groups_edit_page_and_a_users_group_boxes_use_the_korean_name(client, korean_admin):
    editors = Group.objects.get(name=EDITORS)
    html = client.get(f"/admin/groups/edit/{editors.pk}/").content.decode()
    assert "편집자" in html
    html = client.get(f"/admin/users/edit/{korean_admin.pk}/").content.decode()
    giving = Group.objects.get(name=GIVING_STAFF)
    assert f'value="{giving.pk}"' in html
    assert "Giving staff" not in html
