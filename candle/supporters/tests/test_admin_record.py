"""The supporter's record in the admin (inspect view) shows their memberships, consents, gifts
and pledges, each linked to its own page, and each part only to staff allowed to read it:
supporter staff without the giving permission see no amount."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from candle.giving.models import Pledge
from candle.giving.services import donation_record_offline
from candle.supporters.factories import MembershipFactory, SupporterFactory
from candle.supporters.models import Consent
from candle.supporters.services import consent_record

pytestmark = pytest.mark.django_db


def _staff(*perms: str):
    user = get_user_model().objects.create_user(
        username="staff-" + "-".join(p.split(".")[1] for p in perms),
        password="x-not-used-123",
        email="staff@candle.example",
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label=app)
        )
    return user


@pytest.fixture
def record(db):
    supporter = SupporterFactory(name="최예시", email="yesi.choi@supporters.example")
    membership = MembershipFactory(supporter=supporter, joined_on=dt.date(2025, 3, 1))
    consent_record(
        supporter=supporter,
        purpose=Consent.Purpose.NEWSLETTER,
        text="소식을 받겠습니다.",
        method=Consent.Method.WEB_FORM,
        source="/ko/supporters/join/",
    )
    pledge = Pledge.objects.create(
        supporter=supporter,
        amount=Decimal("30000"),
        method="cms",
        status=Pledge.Status.ACTIVE,
        reference="CDLTEST0001",
    )
    donation, _new = donation_record_offline(
        supporter=supporter,
        amount=Decimal("77000"),
        currency="KRW",
        method="bank_transfer",
        received_at=timezone.now() - dt.timedelta(days=3),
        source_ref="record:1",
    )
    return {
        "supporter": supporter,
        "membership": membership,
        "pledge": pledge,
        "donation": donation,
        "url": f"/admin/snippets/supporters/supporter/inspect/{supporter.pk}/",
    }


SUPPORTER_STAFF = (
    "supporters.view_supporter",
    "supporters.view_membership",
    "supporters.view_consent",
)


def test_giving_staff_see_gifts_pledges_memberships_and_consents_with_links(client, record):
    client.force_login(_staff(*SUPPORTER_STAFF, "giving.view_donation"))
    response = client.get(record["url"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "77,000원" in html and "30,000원" in html
    links = [
        f"/admin/giving_donations/inspect/{record['donation'].pk}/",
        f"/admin/giving_pledges/inspect/{record['pledge'].pk}/",
        f"/admin/snippets/supporters/membership/edit/{record['membership'].pk}/",
    ]
    consent = record["supporter"].consents.get()
    links.append(f"/admin/snippets/supporters/consent/inspect/{consent.pk}/")
    for link in links:
        assert f'href="{link}"' in html, link
    for link in links[:2]:  # giving's pages open for them
        assert client.get(link).status_code == 200, link
    assert "bank_transfer" not in html and ">cms<" not in html  # methods by name


def test_supporter_staff_without_giving_permission_see_no_amounts(client, record):
    client.force_login(_staff(*SUPPORTER_STAFF))
    response = client.get(record["url"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "77,000" not in html and "30,000" not in html
    assert "/admin/giving_donations/inspect/" not in html
    assert "CDLTEST0001" not in html
    assert record["membership"].membership_type.name_ko in html  # their own part still shows


def test_staff_who_may_view_only_supporters_see_no_memberships_or_consents(client, record):
    client.force_login(_staff("supporters.view_supporter"))
    html = client.get(record["url"]).content.decode()
    assert "/admin/snippets/supporters/membership/edit/" not in html
    assert "/admin/snippets/supporters/consent/inspect/" not in html
    assert "최예시" in html


def test_staff_without_supporter_permission_cannot_open_the_record(client, record):
    client.force_login(_staff("giving.view_donation"))
    response = client.get(record["url"])
    assert response.status_code in (302, 403)
    assert "77,000" not in response.content.decode()
