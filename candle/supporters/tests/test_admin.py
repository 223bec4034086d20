"""Supporters are admin-only: every view needs its permission, and has a negative test."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from candle.supporters.factories import SupporterFactory
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/supporters/supporter/"


def _denied(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def _staff(*codenames):
    user = get_user_model().objects.create_user(
        username=f"staff-{'-'.join(codenames) or 'none'}",
        password="x-not-used-123",
        email="staff@candle.example",
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="supporters")
        )
    return user


@pytest.fixture
def people(db):
    return [SupporterFactory(phone=f"010-0000-{n:04d}") for n in range(25)]


def test_anonymous_visitors_are_sent_to_login(client, people):
    response = client.get(LIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_supporter_permissions_cannot_list_or_view(client, people):
    client.force_login(_staff())
    assert _denied(client.get(LIST))
    assert _denied(client.get(f"{LIST}edit/{people[0].pk}/"))


def test_viewer_can_list_within_a_query_budget(client, people, django_assert_max_num_queries):
    client.force_login(_staff("view_supporter"))
    with django_assert_max_num_queries(40):
        response = client.get(LIST)
    assert response.status_code == 200
    assert people[0].name in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_admin_search_finds_by_phone_in_any_form(client, people):
    client.force_login(_staff("view_supporter"))
    html = client.get(LIST, {"q": "0000-0007"}).content.decode()
    assert people[7].name in html and people[8].name not in html


def test_admin_filters_by_tag_and_kind(client, people):
    people[2].tags.add("정기후원")
    client.force_login(_staff("view_supporter"))
    tag_id = people[2].tags.get().pk
    html = client.get(LIST, {"tags": tag_id}).content.decode()
    assert people[2].name in html and people[3].name not in html
    assert client.get(LIST, {"kind": "organisation"}).status_code == 200
    assert client.get(LIST, {"tags": "not-a-number"}).status_code == 200  # bad filter input: no 500


def test_viewer_cannot_edit(client, people):
    client.force_login(_staff("view_supporter"))
    response = client.post(f"{LIST}edit/{people[0].pk}/", {"name": "바뀐이름", "kind": "person"})
    assert _denied(response)
    people[0].refresh_from_db()
    assert people[0].name != "바뀐이름"


def test_duplicates_page_needs_merge_permission(client, people):
    client.force_login(_staff("view_supporter", "change_supporter"))
    assert _denied(client.get("/admin/supporters-tools/duplicates/"))
    assert _denied(
        client.post(
            "/admin/supporters-tools/duplicates/",
            {"kept": people[0].pk, "member": [people[0].pk, people[1].pk]},
        )
    )
    assert Supporter.objects.filter(pk=people[1].pk).exists()


def test_merge_from_the_duplicates_page(client, people):
    a = SupporterFactory(email="same@candle.example")
    b = SupporterFactory(email="SAME@candle.example ")
    c = SupporterFactory(email="", phone="+82 10 0000 0003")  # same phone as people[3]
    client.force_login(_staff("merge_supporter"))
    html = client.get("/admin/supporters-tools/duplicates/").content.decode()
    assert a.name in html and b.name in html and c.name in html
    response = client.post(
        "/admin/supporters-tools/duplicates/", {"kept": a.pk, "member": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    assert (
        Supporter.objects.filter(pk=a.pk).exists()
        and not Supporter.objects.filter(pk=b.pk).exists()
    )


def test_merge_with_a_forged_form_changes_nothing(client, people):
    client.force_login(_staff("merge_supporter"))
    before = Supporter.objects.count()
    client.post("/admin/supporters-tools/duplicates/", {"kept": "abc", "member": ["1", "x"]})
    client.post(
        "/admin/supporters-tools/duplicates/", {"kept": people[0].pk, "member": [people[1].pk]}
    )
    client.post(
        "/admin/supporters-tools/duplicates/",
        {"kept": people[0].pk, "member": [people[0].pk, 999999]},
    )
    assert Supporter.objects.count() == before


def test_forget_needs_its_own_permission(client, people):
    client.force_login(_staff("view_supporter", "change_supporter", "delete_supporter"))
    url = f"/admin/supporters-tools/{people[0].pk}/forget/"
    assert _denied(client.get(url))
    assert _denied(client.post(url))
    people[0].refresh_from_db()
    assert not people[0].is_anonymised


def test_forget_with_permission(client, people):
    client.force_login(_staff("view_supporter", "anonymise_supporter"))
    url = f"/admin/supporters-tools/{people[0].pk}/forget/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    people[0].refresh_from_db()
    assert people[0].is_anonymised and people[0].email == ""
    assert client.post("/admin/supporters-tools/999999/forget/").status_code in (302, 404)


def test_supporters_are_not_in_wagtail_search():
    from wagtail.search.index import class_is_indexed

    assert not class_is_indexed(Supporter)


def test_group_permissions_work_too(client, people):
    group = Group.objects.create(name="후원 담당")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_supporter"),
    )
    user = get_user_model().objects.create_user(username="clerk", password="x-not-used-123")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    ("codename", "url"),
    [
        ("view_consent", "/admin/snippets/supporters/consent/"),
        ("view_membership", "/admin/snippets/supporters/membership/"),
    ],
)
def test_consent_and_membership_listings_need_permission_and_keep_a_query_budget(
    client, people, codename, url, django_assert_max_num_queries
):
    from candle.supporters.factories import MembershipFactory, MembershipTypeFactory
    from candle.supporters.services import consent_record

    kind = MembershipTypeFactory()
    for person in people:
        consent_record(supporter=person, purpose="newsletter", text="소식지", method="web_form")
        MembershipFactory(supporter=person, membership_type=kind)
    client.force_login(_staff("view_supporter"))
    assert _denied(client.get(url))
    client.force_login(_staff(codename))
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200 and people[-1].name in response.content.decode()
