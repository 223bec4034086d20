"""Giving in the browser: a one-off gift in Korean and a monthly gift in English, through the
test provider's checkout, with nothing recorded twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect


@pytest.fixture
def _base_rows(transactional_db):
    """Each live-server test ends with a flush, which also empties the rows migrations made
    (Wagtail's root page and collection, locales, work areas, categories, topics): put them
    back before the site tree is built. Idempotent."""
    import importlib

    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    importlib.import_module("candle.pages.migrations.0002_base_data").forwards(apps, None)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="ko"))
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture
def campaigns(_base_rows, live_site, site_tree):
    from wagtail.models import Locale

    from candle.giving.models import CampaignPage

    page = CampaignPage(
        title="한 생명 살리기",
        slug="save-one-life",
        goal=Decimal("5000000"),
        currency="KRW",
        amount_presets="10000,30000,50000",
        deadline=timezone.localdate() + dt.timedelta(days=60),
    )
    site_tree["ko"].home.add_child(instance=page)
    page.save_revision().publish()
    english = page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    english.title, english.currency, english.goal, english.amount_presets = (
        "Save One Life",
        "USD",
        Decimal("4000"),
        "10,25,50",
    )
    english.save_revision().publish()
    return {"ko": page, "en": english}


def _form_violations(page, axe_violations):
    """axe-core findings inside what giving renders (the form and the thermometer)."""
    found = []
    for violation in axe_violations(page):
        nodes = [
            n
            for n in violation["nodes"]
            if any(
                ".donation-form" in t or ".campaign-progress" in t or "#id_" in t
                for t in map(str, n.get("target", []))
            )
        ]
        if nodes:
            found.append((violation["id"], [n["target"] for n in nodes]))
    return found


def test_one_off_gift_in_korean(page, live_site, campaigns, axe_violations):
    from candle.giving.models import Donation

    page.goto(f"{live_site}/ko/save-one-life/")
    expect(page.get_by_role("heading", name="이 캠페인에 후원하기")).to_be_visible()
    assert _form_violations(page, axe_violations) == []
    page.get_by_label("일시후원", exact=True).check()
    page.get_by_label("30,000원").check()
    page.get_by_label("이름", exact=True).fill("김가명")
    page.get_by_label("이메일", exact=True).fill("gamyeong.e2e@supporters.example")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="결제하러 가기").click()
    expect(page.get_by_role("heading", name="시험 결제")).to_be_visible()
    expect(page.locator(".checkout-amount")).to_contain_text("30,000원")
    page.get_by_role("button", name="결제하기").click()
    expect(page.get_by_role("heading", name="후원해 주셔서 감사합니다")).to_be_visible()
    expect(page.locator(".thanks-amount")).to_contain_text("30,000원")
    page.go_back()  # back on the checkout page: pressing Pay again must not record a second gift
    page.reload()
    expect(page.get_by_role("heading", name="후원해 주셔서 감사합니다")).to_be_visible()
    assert Donation.objects.filter(currency="KRW").count() == 1
    page.goto(f"{live_site}/ko/save-one-life/")
    expect(page.locator(".campaign-progress .raised")).to_contain_text("30,000원")


def test_monthly_gift_in_english(page, live_site, campaigns):
    from candle.giving.models import Donation, Pledge

    page.goto(f"{live_site}/en/save-one-life/")
    page.get_by_label("Monthly", exact=True).check()
    page.get_by_label("$25.00").check()
    page.get_by_label("Name", exact=True).fill("Jane Example")
    page.get_by_label("E-mail", exact=True).fill("jane.e2e@supporters.example")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.locator(".checkout-amount")).to_contain_text("$25.00 every month")
    page.get_by_role("button", name="Register the card and pay").click()
    expect(page.get_by_role("heading", name="Thank you for your gift")).to_be_visible()
    expect(page.locator(".thanks-amount")).to_contain_text("Your monthly gift of $25.00 has begun.")
    pledge = Pledge.objects.get()
    assert pledge.status == "active" and pledge.currency == "USD" and pledge.billing_key
    assert Donation.objects.get().pledge_id == pledge.pk


def test_bad_amount_shows_a_message_in_the_browser(page, live_site, campaigns):
    from candle.giving.models import Payment

    page.goto(f"{live_site}/ko/save-one-life/")
    page.get_by_label("직접 입력", exact=True).check()
    page.get_by_label("직접 입력 (원)").fill("-5000")
    page.get_by_label("이름", exact=True).fill("김가명")
    page.get_by_label("이메일", exact=True).fill("not-an-email")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="결제하러 가기").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(".donation-form")).to_contain_text("0보다 커야")
    assert not Payment.objects.exists()
