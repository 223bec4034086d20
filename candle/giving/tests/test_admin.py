import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from candle.giving.services import donation_record_offline

pytestmark = pytest.mark.django_db


@pytest.fixture
def gifts(campaign, supporter):
    for index in range(25):
        donation_record_offline(
            supporter=supporter,
            amount=Decimal("10000"),
            currency="KRW",
            method=["card", "cms", "bank_transfer"][index % 3],
            received_at=timezone.now(),
            source_ref=f"a:{index}",
            campaign=campaign if index % 2 else None,
        )
    donation_record_offline(
        supporter=supporter,
        amount=Decimal("5000"),
        currency="KRW",
        method="card",
        received_at=timezone.now(),
        source_ref="a:evil",
        note="=cmd|' /C calc'!A0",
    )


def test_dashboard_shows_totals(admin_client, gifts, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        response = admin_client.get("/admin/giving/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "한 생명 살리기" in html and "120,000원" in html and "255,000원" in html


def test_exports_csv_and_xlsx(admin_client, gifts):
    from openpyxl import load_workbook

    csv_response = admin_client.get("/admin/giving/export/totals.csv")
    text = csv_response.content.decode("utf-8-sig")
    assert "한 생명 살리기" in text and csv_response["Content-Disposition"].startswith("attachment")
    xlsx = admin_client.get("/admin/giving/export/donations.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 27 and rows[0][1] in ("Donor", "후원자")
    assert admin_client.get("/admin/giving/export/secrets.csv").status_code == 404


def test_staff_without_permission_are_refused(client, django_user_model, gifts):
    user = django_user_model.objects.create_user("editor", password="x" * 12, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in [
        "/admin/giving/",
        "/admin/giving/export/donations.csv",
        "/admin/giving/nts/?year=2025",
        "/admin/giving/review/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"10000" not in response.content
    assert client.post("/admin/giving/receipts/", {"year": "2025"}).status_code in (302, 403)


def test_anonymous_cannot_reach_admin(client, gifts):
    assert client.get("/admin/giving/").status_code == 302


def test_campaign_page_can_be_created_in_the_admin(admin_client, homes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from candle.giving.models import CampaignPage

    data = nested_form_data(
        {
            "title": "새 캠페인",
            "slug": "new-campaign",
            "goal": "1000000",
            "currency": "KRW",
            "amount_presets": "",
            "allow_monthly": "on",
            "intro": "",
            "body": streamfield([]),
            "matching_pledges": inline_formset(
                [{"donor_name": "익명", "ratio": "1", "cap": "500000", "deadline": ""}]
            ),
            "action-publish": "1",
        }
    )
    response = admin_client.post(f"/admin/pages/add/giving/campaignpage/{homes['ko'].pk}/", data)
    assert response.status_code in (200, 302)
    page = CampaignPage.objects.filter(slug="new-campaign").first()
    assert page is not None, response.content[:2000]
    assert page.matching_pledges.get().cap == 500000


def test_demo_load_is_idempotent(db):
    from candle.giving.demo import demo_load
    from candle.giving.models import CampaignPage, Donation, GivePage

    lines = demo_load()
    count = Donation.objects.count()
    assert count > 150 and "save-one-life" in lines[0]
    demo_load()
    assert Donation.objects.count() == count
    assert CampaignPage.objects.count() == 2 and GivePage.objects.count() == 2
    assert CampaignPage.objects.get(locale__language_code="en").currency == "USD"
    last_year = timezone.localdate().year - 1
    assert Donation.objects.filter(received_at__year=last_year).count() > 100


@pytest.mark.parametrize("today", ["2026-03-05", "2026-12-06"])
def test_demo_gifts_are_never_dated_in_the_future(db, monkeypatch, today):
    """Loaded early in a month (or early in the year), the demo once dated gifts after today."""
    import datetime as dt

    from candle.giving import demo
    from candle.giving.models import Donation

    now = dt.datetime.fromisoformat(today + "T12:00:00+09:00")
    monkeypatch.setattr(demo.timezone, "now", lambda: now)
    monkeypatch.setattr(demo.timezone, "localdate", lambda *a, **k: now.date())

    demo.demo_load()

    assert Donation.objects.filter(received_at__gt=now).count() == 0
    assert Donation.objects.filter(received_at__year=now.year).exists()
