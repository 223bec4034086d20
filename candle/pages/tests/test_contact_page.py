"""Issue 21 item 7: the contact page shows the organisation's e-mail (a mail link), phone,
office hours, a map link (no embedded map) and its bank accounts, from the site settings, in
the reader's language: no Korean on /en/ but the account number."""

import re

import pytest
from wagtail.models import Site

from candle.pages.models import BankAccount, OrganisationSettings


@pytest.fixture
def organisation(site_tree):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.email = "info@candle.example"
    settings.phone = "02-0000-0000"
    settings.office_hours_ko = "평일 오전 10시~오후 6시"
    settings.office_hours_en = "Weekdays 10:00–18:00"
    settings.map_url = "https://www.openstreetmap.org/#map=17/37.56640/126.97800"
    settings.save()
    for order, (bank_ko, bank_en, number) in enumerate(
        [("데모은행", "Demo Bank", "000-0000-0000-00"), ("예시은행", "Example Bank", "111-22")]
    ):
        BankAccount.objects.create(
            settings=settings,
            sort_order=order,
            bank_ko=bank_ko,
            bank_en=bank_en,
            number=number,
            holder_ko="(사)시험단체 (데모)",
            holder_en="Test Alliance (demo)",
            purpose_ko="후원금·회비" if order == 0 else "",
            purpose_en="Gifts and dues" if order == 0 else "",
        )
    return settings


def _section(html: str, css_class: str) -> str:
    match = re.search(rf'<section class="{css_class}".*?</section>', html, re.S)
    assert match, css_class
    return match.group(0)


def test_korean_contact_page_shows_mail_hours_map_and_accounts(client, organisation):
    response = client.get("/ko/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    details = _section(html, "contact-details")
    assert '<a href="mailto:info@candle.example">info@candle.example</a>' in details
    assert "평일 오전 10시~오후 6시" in details
    assert 'href="https://www.openstreetmap.org/#map=17/37.56640/126.97800"' in details
    accounts = _section(html, "bank-accounts")
    assert accounts.index("데모은행") < accounts.index("예시은행")  # the editors' order
    assert "000-0000-0000-00" in accounts and "(사)시험단체 (데모)" in accounts
    assert "후원금·회비" in accounts
    assert "<iframe" not in html and "openstreetmap.org/" not in html.split("<section")[0]


def test_english_contact_page_has_the_same_details_without_korean(client, organisation):
    html = client.get("/en/contact/").content.decode()
    details = _section(html, "contact-details")
    accounts = _section(html, "bank-accounts")
    assert "Weekdays 10:00–18:00" in details and "mailto:info@candle.example" in details
    assert "Demo Bank" in accounts and "Test Alliance (demo)" in accounts
    assert "Gifts and dues" in accounts
    assert not re.search(r"[\uac00-\ud7a3]", details + accounts), details + accounts


def test_an_account_changed_in_the_settings_shows_at_once(
    client, organisation, data_cache_on, django_capture_on_commit_callbacks
):
    assert "Demo Bank" in client.get("/en/contact/").content.decode()
    account = BankAccount.objects.get(number="000-0000-0000-00")
    account.bank_en = "Renamed Bank"
    with django_capture_on_commit_callbacks(execute=True):
        account.save()
    html = client.get("/en/contact/").content.decode()
    assert "Renamed Bank" in html and "Demo Bank" not in html


def test_other_standard_pages_show_no_accounts(client, organisation):
    html = client.get("/ko/about/").content.decode()
    assert "bank-accounts" not in html and "contact-details" not in html


def test_without_accounts_the_contact_page_still_renders(client, site_tree):
    response = client.get("/en/contact/")
    assert response.status_code == 200
    assert 'class="bank-accounts"' not in response.content.decode()
