"""setup_roles: exact, idempotent, tolerant of apps not there yet; the matrix's own rules; the
translator's place in the workflow; the doc's table is the matrix."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from candle.access.policy import (
    PERSONAL_DATA_APP_LABELS,
    PERSONAL_DATA_PERMISSIONS,
    two_factor_required,
)
from candle.access.roles import (
    AUDITORS,
    EDITORS,
    GIVING_STAFF,
    ROLES,
    SUPPORTER_STAFF,
    TRANSLATORS,
    WRITERS,
    roles_matrix_markdown,
)
from candle.pages.factories import post_make
from candle.pages.models import PostPage
from candle.pages.tests.conftest import (  # noqa: F401 - the page trees, built once per module
    _module_site_tree,
    _no_search_indexing,
)

from .staff import role_member, staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees(_module_site_tree, db):  # noqa: F811 - the fixture imported above
    """Both languages' home pages and what is under them (built once for the module)."""
    from candle.pages.services import site_tree_ensure

    return site_tree_ensure()


def _setup_roles() -> str:
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def _existing(permissions) -> set[str]:
    present = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    return {permission for permission in permissions if permission in present}


def _snapshot() -> dict[str, tuple]:
    return {
        group.name: (
            sorted(
                f"{p.content_type.app_label}.{p.codename}"
                for p in group.permissions.select_related("content_type")
            ),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
            sorted(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection_id", "permission__codename"
                )
            ),
        )
        for group in Group.objects.filter(name__in=ROLES)
    }


def test_setup_roles_gives_each_group_exactly_its_row(trees):
    output = _setup_roles()
    snapshot = _snapshot()
    assert set(snapshot) == set(ROLES)
    homes = {trees["ko"].home.pk, trees["en"].home.pk}
    for name, role in ROLES.items():
        permissions, pages, media = snapshot[name]
        assert set(permissions) == _existing(role.permissions), name
        for missing in set(role.permissions) - _existing(role.permissions):
            assert f"{name}: skipped {missing}" in output, missing
        assert set(pages) == {(home, c) for home in homes for c in role.page_permissions}, name
        root = Collection.get_first_root_node().pk
        assert set(media) == {(root, c) for c in role.collection_permissions}, name
    assert _setup_roles() == output
    assert _snapshot() == snapshot  # idempotent


def test_setup_roles_removes_what_the_matrix_no_longer_lists(trees):
    _setup_roles()
    before = _snapshot()
    writers = Group.objects.get(name=WRITERS)
    writers.permissions.add(Permission.objects.get(codename="view_supporter"))
    GroupPagePermission.objects.create(
        group=writers,
        page=trees["ko"].home,
        permission=Permission.objects.get(codename="publish_page"),
    )
    GroupCollectionPermission.objects.create(
        group=Group.objects.get(name=TRANSLATORS),
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="delete_image"),
    )
    other = Group.objects.create(name="Volunteers")  # not a role: left alone
    other.permissions.add(Permission.objects.get(codename="view_supporter"))
    assert _snapshot() != before
    _setup_roles()
    assert _snapshot() == before
    assert other.permissions.filter(codename="view_supporter").exists()


def test_the_matrix_keeps_least_access():
    def apps_of(name):
        return {permission.split(".")[0] for permission in ROLES[name].permissions}

    for name in (WRITERS, EDITORS, TRANSLATORS):
        assert not apps_of(name) & set(PERSONAL_DATA_APP_LABELS), name
    assert "giving" not in apps_of(SUPPORTER_STAFF)  # supporters, not gifts or tax ids
    for name, role in ROLES.items():
        audit = {p for p in role.permissions if p.startswith("audit.")}
        assert audit == ({"audit.view_auditentry"} if name == AUDITORS else set()), name
        assert not any(p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in audit), (
            name
        )
    assert "publish_page" not in ROLES[TRANSLATORS].page_permissions
    assert "giving.view_donation" in ROLES[GIVING_STAFF].permissions


def test_second_factor_follows_the_roles():
    """Every role holding personal data (as far as this build has the apps) must use two
    factors; writers, editors and translators need not."""
    call_command("setup_roles", stdout=io.StringIO())
    for name, role in ROLES.items():
        user = role_member(name)
        existing = set(_existing(role.permissions))
        holds = {p.split(".")[0] for p in existing}
        personal = holds & set(PERSONAL_DATA_APP_LABELS) or existing & set(
            PERSONAL_DATA_PERMISSIONS
        )
        assert two_factor_required(user) == bool(personal), name
    assert not two_factor_required(Group.objects.get(name=EDITORS).user_set.get())
    assert two_factor_required(Group.objects.get(name=GIVING_STAFF).user_set.get())


def test_a_translator_translates_but_cannot_publish(trees, django_capture_on_commit_callbacks):
    _setup_roles()
    post = post_make(trees["ko"].boards["news"], title="번역가 시험 성명", slug="for-translator")
    translator = role_member(TRANSLATORS)
    client = staff_client(translator)
    en = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
            {"locales": [en.pk]},
        )
    assert response.status_code == 302
    translated = PostPage.objects.get(translation_key=post.translation_key, locale=en)
    assert not translated.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk])).status_code == 200
    as_translator = translated.permissions_for_user(translator)
    assert as_translator.can_edit() and not as_translator.can_publish()
    assert translated.get_workflow() is not None  # the same review as a writer's page
    editor = role_member(EDITORS)
    assert translated.permissions_for_user(editor).can_publish()
    writer = role_member(WRITERS)
    assert staff_client(writer).post(
        reverse("wagtail_localize:submit_page_translation", args=[post.pk]), {"locales": [en.pk]}
    ).status_code in (302, 403)
    assert PostPage.objects.filter(translation_key=post.translation_key).count() == 2


def test_the_doc_shows_the_matrix():
    doc = Path(settings.BASE_DIR, "docs/subsystems/access-roles.md").read_text()
    table = re.search(r"<!-- roles-matrix:start -->\n(.*?)<!-- roles-matrix:end -->", doc, re.S)
    assert table, "the markers around the table are missing"
    assert table.group(1) == roles_matrix_markdown(), (
        "docs/subsystems/access-roles.md is out of date: paste roles_matrix_markdown() in"
    )


def test_changes_to_a_groups_permissions_are_written_to_the_audit_log(monkeypatch):
    from candle.access.roles import roles_setup

    entries = []
    monkeypatch.setattr(
        "candle.access.roles.record", lambda action, **kw: entries.append((action, kw))
    )
    roles_setup()
    assert {kw["target"].name for _action, kw in entries} >= {SUPPORTER_STAFF, GIVING_STAFF}
    entries.clear()
    roles_setup()
    assert entries == []  # nothing changed, nothing logged
    Group.objects.get(name=WRITERS).permissions.add(
        Permission.objects.get(codename="view_supporter")
    )
    roles_setup()
    [(action, kw)] = entries
    assert action == "permissions.change" and kw["target"].name == WRITERS
    assert "removed ['supporters.view_supporter']" in kw["detail"]
