"""Issue 21 item 7: the organisation's bank accounts (site settings) on the give page and the
dues page, in the reader's language."""

import pytest
from django.core import signing
from wagtail.models import Site

from candle.giving.supporter_hooks import DUES_SALT
from candle.pages.models import BankAccount, OrganisationSettings
from candle.supporters.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(homes):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    return BankAccount.objects.create(
        settings=settings,
        bank_ko="데모은행",
        bank_en="Demo Bank",
        number="000-0000-0000-00",
        holder_ko="(사)북한인권시민연합 (데모)",
        holder_en="Citizens' Alliance (demo)",
    )


def test_give_page_shows_the_accounts_in_korean(client, give_page, account):
    html = client.get("/ko/give/").content.decode()
    assert 'class="bank-accounts"' in html
    assert (
        "데모은행" in html and "000-0000-0000-00" in html and "(사)북한인권시민연합 (데모)" in html
    )


def test_english_give_page_shows_the_accounts_in_english(client, give_page, account):
    from wagtail.models import Locale

    english = give_page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    english.title = "Give"
    english.save_revision().publish()
    html = client.get(english.url).content.decode()
    assert "Demo Bank" in html and "Alliance (demo)" in html
    assert "데모은행" not in html


def test_dues_page_shows_the_reference_and_the_accounts(client, account):
    membership = MembershipFactory(status="pending", dues_reference="CDM0001")
    token = signing.dumps({"m": membership.pk}, salt=DUES_SALT)
    response = client.get(f"/ko/give/dues/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CDM0001" in html and "데모은행" in html and "000-0000-0000-00" in html


def test_give_page_without_accounts_shows_no_empty_section(client, give_page):
    assert 'class="bank-accounts"' not in client.get("/ko/give/").content.decode()
