import pytest
from django.contrib.auth.models import Group, Permission

from candle.access.policy import two_factor_required

pytestmark = [pytest.mark.django_db, pytest.mark.real_two_factor]


def test_superuser_and_personal_data_staff_need_two_factors(admin_user, giving_staff, writer):
    assert two_factor_required(admin_user)
    assert two_factor_required(giving_staff)
    assert not two_factor_required(writer)


@pytest.mark.parametrize(
    "codename",
    ["add_user", "change_user", "delete_user", "add_group", "change_group", "delete_group"],
)
def test_whoever_can_change_access_needs_two_factors(writer, codename):
    group = Group.objects.create(name="access keepers")
    group.permissions.add(Permission.objects.get(content_type__app_label="auth", codename=codename))
    writer.groups.add(group)
    assert two_factor_required(writer)


def test_viewing_users_alone_does_not(writer):
    writer.user_permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="view_user")
    )
    assert not two_factor_required(writer)


def test_inactive_account_is_not_asked(admin_user):
    admin_user.is_active = False
    assert not two_factor_required(admin_user)
