import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection


@pytest.fixture
def tamper():
    """``tamper(sql, params)``: change the audit table behind the log's back. On PostgreSQL
    the trigger is switched off for it the way an intruder with the owner's rights could (the
    tests connect as a superuser)."""

    def run(sql: str, params=()) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(sql, params)
            finally:
                if connection.vendor == "postgresql":
                    cursor.execute("SET session_replication_role = DEFAULT")

    return run


def _staff(username: str, *codenames: str):
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=("access_admin", *codenames)))
    return user


@pytest.fixture
def auditor(db):
    return _staff("auditor-kim", "view_auditentry")


@pytest.fixture
def crm_staff(db):
    return _staff(
        "crm-park", "view_supporter", "change_supporter", "view_donation", "anonymise_supporter"
    )


@pytest.fixture
def plain_staff(db):
    return _staff("staff-lee")
