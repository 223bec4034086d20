"""Every admin URL of an app that holds personal data answers only to staff allowed to see it.

The URLs are discovered, not listed: every admin URL pattern whose view belongs to an app with a
model that points at a supporter (directly or through other models: the apps are found by
following relations from ``Supporter``), so a viewset, chooser or staff view added later is
walked too. A discovered URL the walk cannot fill in fails the test: give it a value in
``_PATH_VALUES`` rather than skipping it.

Each URL is asked for, with GET (plain, then with a search, a page and ids as a chooser's XHR
sends them) and POST, by staff with Wagtail admin access but no permission on these apps: a member of
the Editors group, and staff holding every other permission there is. Each answer must be a
refusal (403, 404, 405 or Wagtail's redirect to the dashboard) that does not contain the test
supporter's name, e-mail address or phone number, and nothing may change. Staff holding these
apps' permissions get 200 from the same URLs (so the test can tell a refusal from a broken URL),
and the listings and choosers show them the name.

Every admin URL whose path names a model, whoever registered it (Wagtail's bulk actions, editing
sessions and tag autocomplete, wagtail-localize's snippet API…), is discovered the same way and
asked for with each personal-data model, and the screens that gather everything (dashboard and
its menu, the snippets index, site history, page search, the tag autocomplete: supporters' tags
are staff's labels for people) are checked for the same users too.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, get_resolver

from candle.pages.workflow import EDITORS, workflow_setup
from candle.supporters.models import Supporter

from .personal_data_walk import (
    _PARAM,
    _XHR,
    NAME,
    _chooser_query,
    _fill,
    _leaks,
    _refused,
    _state,
    _walk,
    discovered_admin_urls,
    personal_data_apps,
    personal_data_rows_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    """One row of every model with an admin screen, all about one fictional person."""
    return personal_data_rows_create()


# --- users ----------------------------------------------------------------------------------


def _user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, password="x-not-used-123", email=f"{username}@staff.example", **extra
    )


def _permissions(*, of_apps: set[str], inside: bool):
    everything = Permission.objects.select_related("content_type")
    if inside:
        return everything.filter(content_type__app_label__in=of_apps)
    return everything.exclude(content_type__app_label__in=of_apps)


@pytest.fixture
def editor(db):
    """A member of the Editors group (setup_roles): Wagtail admin, pages, images, documents."""
    workflow_setup()
    user = _user("editor-leaktest", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def other_staff(db):
    """Staff with every permission except those of the apps holding personal data."""
    user = _user("allbutcrm-leaktest", is_staff=True)
    user.user_permissions.set(_permissions(of_apps=personal_data_apps(), inside=False))
    return user


@pytest.fixture
def crm_staff(db, rows):
    """Staff holding every permission of the apps holding personal data (not a superuser), and
    a member of the youth programme's reviewing group (its applications need both)."""
    user = _user("crm-leaktest", is_staff=True)
    user.groups.add(*Group.objects.filter(name="Youth programme reviewers"))
    user.user_permissions.set(
        [
            *_permissions(of_apps=personal_data_apps(), inside=True),
            Permission.objects.get(codename="access_admin"),
        ]
    )
    return user


# --- checks ---------------------------------------------------------------------------------


def test_discovery_finds_the_personal_data_screens():
    """The walk is only as good as its discovery: it must find the known screens."""
    assert {"supporters", "giving"} <= personal_data_apps()
    names = {name for _route, name, _pattern in discovered_admin_urls()}
    for expected in (
        "wagtailsnippets_supporters_supporter:list",
        "wagtailsnippets_supporters_supporter:inspect",
        "wagtailsnippets_supporters_supporter:usage",
        "wagtailsnippets_supporters_supporter:history",
        "wagtailsnippetchoosers_supporters_supporter:choose_results",
        "wagtailsnippetchoosers_supporters_supporter:chosen",
        "wagtailsnippetchoosers_supporters_consent:choose",
        "wagtailsnippetchoosers_supporters_membership:chosen",
        "giving_donations:index",
        "giving_pledges:cancel",
        "giving_dashboard",
        "giving_export",
        "supporters_admin:duplicates",
        "audit_log:index",
        "audit_log:index_results",
    ):
        assert expected in names, expected


def test_every_discovered_url_can_be_walked(rows):
    unfilled = [
        route
        for route, name, pattern in discovered_admin_urls()
        if _fill(route, name, pattern, rows) is None
    ]
    assert not unfilled, f"give these a value in _path_values(): {unfilled}"


@pytest.mark.parametrize("who", ["editor", "other_staff"])
def test_staff_without_permission_are_refused_everywhere_and_see_nothing(
    client, rows, who, request
):
    client.force_login(request.getfixturevalue(who))
    before = _state(rows)
    problems = []
    for route, name, pattern in discovered_admin_urls():
        url = _fill(route, name, pattern, rows)
        assert url, f"{route}: see test_every_discovered_url_can_be_walked"
        answers = [
            ("GET", client.get(url)),
            ("XHR GET ?q", client.get(url, _chooser_query(rows), headers=_XHR)),
            ("POST", client.post(url, {"name": "바뀐이름", "kind": "person", "action": "ignore"})),
        ]
        for method, response in answers:
            if not _refused(response):
                problems.append(f"{method} {url} answered {response.status_code}")
            if leaked := _leaks(response):
                problems.append(f"{method} {url} shows {leaked}")
        if all(response.status_code == 405 for _method, response in answers):
            problems.append(f"{url} was never really asked")
    assert not problems, "\n".join(problems)
    assert _state(rows) == before


def test_staff_with_permission_get_the_same_urls(client, rows, crm_staff):
    """The refusals above are refusals, not broken URLs: the same URLs open for CRM staff."""
    client.force_login(crm_staff)
    post_only = {
        "giving_receipts",
        "giving_import",
        "giving_review_resolve",
        "giving_pledges:cancel",
        "giving_tax_id_change_decide",
        "programmes_attendance",
        "programmes_refund_record",
        "programmes_lecture_schedule",
        "programmes_lecture_given",
        "programmes_lecture_close",
        "newsletter_issues:test",
    }
    redirects = {"giving_nts"}  # asks for a year first
    problems = []
    for route, name, pattern in discovered_admin_urls():
        url = _fill(route, name, pattern, rows)
        assert url, f"{route}: see test_every_discovered_url_can_be_walked"
        name = name or ""
        if name in post_only:
            expected = 405
        elif name in redirects:
            expected = 302
        else:
            expected = 200
        response = client.get(url, _chooser_query(rows) if "snippetchoosers" in name else {})
        if response.status_code != expected:
            problems.append(f"GET {url} answered {response.status_code}, not {expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/supporters/supporter/",
        "/admin/snippets/choose/supporters/supporter/results/?p=1",
        "/admin/snippets/choose/supporters/supporter/?q=홍시험",
        "/admin/giving_donations/",
        "/admin/giving/review/",
        "/admin/localize/api/snippets/supporters/supporter/",
        "/admin/bulk/supporters/supporter/delete/?id=all",
        f"/admin/tag-autocomplete/?term={NAME[:1]}",
        f"/admin/tag-autocomplete/taggit/tag/?term={NAME[:1]}",
    ],
)
def test_permitted_staff_see_the_name(client, rows, crm_staff, url):
    """The leak check can fail: where the name belongs, it is found."""
    client.force_login(crm_staff)
    response = client.get(url)
    assert response.status_code == 200 and NAME in _leaks(response)


def test_permitted_staff_get_a_name_from_chosen(client, rows, crm_staff):
    client.force_login(crm_staff)
    pk = rows[Supporter].pk
    response = client.get(f"/admin/snippets/choose/supporters/supporter/chosen/{pk}/")
    assert response.status_code == 200 and NAME in _leaks(response)


def test_giving_staff_cannot_use_the_supporter_chooser(client, rows):
    """Seeing donations does not open the list of every supporter (members, subscribers…)."""
    user = _user("giving-leaktest", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "view_donation", "view_membershiptype"]
        )
    )
    client.force_login(user)
    pk = rows[Supporter].pk
    for url in (
        "/admin/snippets/choose/supporters/supporter/",
        "/admin/snippets/choose/supporters/supporter/results/?p=1",
        f"/admin/snippets/choose/supporters/supporter/chosen/{pk}/",
        f"/admin/snippets/choose/supporters/supporter/chosen-multiple/?id={pk}",
        "/admin/snippets/choose/supporters/consent/results/?p=1",
        "/admin/snippets/choose/supporters/membership/results/?p=1",
    ):
        response = client.get(url)
        assert _refused(response) and not _leaks(response), url
    assert client.get("/admin/giving_donations/").status_code == 200


_MODEL_PARAMS = {
    "app_label": "label",
    "app_name": "label",
    "content_type_app_name": "label",
    "model_name": "model",
    "content_type_model_name": "model",
}
_OTHER_PARAMS = {"action": "delete", "session_id": 1, "parent_page_id": 1}


def model_naming_admin_urls() -> list[tuple[str, str | None, URLPattern]]:
    """Every admin URL pattern, whoever registered it, whose path names a model."""
    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("admin/")
        and {"model", "label"} <= {_MODEL_PARAMS.get(p) for p in _param_names(route)}
    ]


def _param_names(route: str) -> list[str]:
    return [match.group("name") for match in _PARAM.finditer(route)]


def _fill_model(route: str, obj) -> str | None:
    meta = obj._meta

    def value(match):
        param = match.group("name")
        if _MODEL_PARAMS.get(param) == "label":
            return meta.app_label
        if _MODEL_PARAMS.get(param) == "model":
            return meta.model_name
        if param in ("pk", "object_id"):
            return str(obj.pk)
        if param in _OTHER_PARAMS:
            return str(_OTHER_PARAMS[param])
        raise LookupError(param)

    try:
        return "/" + _PARAM.sub(value, route)
    except LookupError:
        return None


def test_discovery_finds_the_urls_naming_a_model(rows):
    routes = [route for route, _name, _pattern in model_naming_admin_urls()]
    for expected in ("admin/bulk/", "admin/localize/api/snippets/", "admin/editing-sessions/"):
        assert any(route.startswith(expected) for route in routes), expected
    unfilled = [route for route in routes if _fill_model(route, rows[Supporter]) is None]
    assert not unfilled, f"give these parameters a value in _OTHER_PARAMS: {unfilled}"


@pytest.mark.parametrize("who", ["editor", "other_staff"])
def test_urls_naming_a_personal_data_model_refuse_it(client, rows, who, request):
    """Bulk actions, wagtail-localize's snippet API, editing sessions, tag autocomplete…"""
    client.force_login(request.getfixturevalue(who))
    before = _state(rows)
    problems = []
    for route, _name, _pattern in model_naming_admin_urls():
        for obj in rows.values():
            url = _fill_model(route, obj)
            for method, response in (
                ("GET", client.get(url, {"id": "all", "term": NAME[:1]})),
                ("POST", client.post(f"{url}?id={obj.pk}")),
            ):
                if not _refused(response):
                    problems.append(f"{method} {url} answered {response.status_code}")
                if leaked := _leaks(response):
                    problems.append(f"{method} {url} shows {leaked}")
    assert not problems, "\n".join(problems)
    assert _state(rows) == before


@pytest.mark.parametrize("who", ["editor", "other_staff"])
def test_overview_screens_show_no_personal_data(client, rows, who, request):
    """Dashboard and menu, snippets index, reports and search: nothing of the supporter."""
    client.force_login(request.getfixturevalue(who))
    for url in (
        "/admin/",
        "/admin/snippets/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        f"/admin/pages/search/?q={NAME[:3]}",  # the page repeats the query: not all of the name
        f"/admin/tag-autocomplete/?term={NAME[:1]}",
        f"/admin/tag-autocomplete/taggit/tag/?term={NAME[:1]}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        assert not _leaks(response), url
    home = client.get("/admin/").content.decode()
    for menu_url in ("/admin/snippets/supporters/", "/admin/giving", "/admin/supporters-tools/"):
        assert menu_url not in home
    assert "supporters/supporter" not in client.get("/admin/snippets/").content.decode()


def test_staff_who_may_only_add_or_delete_see_neither_list_nor_menu(client, rows):
    user = _user("adder-leaktest", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "add_supporter", "delete_supporter", "add_consent"]
        )
    )
    client.force_login(user)
    for url in (
        "/admin/snippets/supporters/supporter/",
        "/admin/snippets/supporters/consent/",
        "/admin/snippets/choose/supporters/supporter/results/?p=1",
    ):
        response = client.get(url)
        assert _refused(response) and not _leaks(response), url
    home = client.get("/admin/").content.decode()
    assert "/admin/snippets/supporters/supporter/" not in home
    assert "/admin/snippets/supporters/consent/" not in home


def test_tag_autocomplete_hides_only_tags_used_only_on_people(client, rows, editor):
    """Editors still get the tags they use (here on a group; images and documents alike)."""
    from taggit.models import Tag, TaggedItem

    supporter = rows[Supporter]
    supporter.tags.add("정기후원 공통", "정기후원 비밀")
    TaggedItem.objects.create(
        tag=Tag.objects.get(name="정기후원 공통"), content_object=Group.objects.get(name=EDITORS)
    )
    client.force_login(editor)
    for url in ("/admin/tag-autocomplete/", "/admin/tag-autocomplete/taggit/tag/"):
        assert client.get(url, {"term": "정기"}).json() == ["정기후원 공통"], url


def test_site_history_shows_the_name_to_permitted_staff(client, rows, crm_staff):
    client.force_login(crm_staff)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200 and NAME in _leaks(response)
