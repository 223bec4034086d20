import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _field_keys(settings):
    """Every test encrypts with its own key, never a key file on disk."""
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_TEST_PROVIDER_ENABLED = True
    settings.CANDLE_USE_PORTONE = False


@pytest.fixture
def homes(db):
    """Just the two home pages (the full site tree is slow to build and not needed here)."""
    from wagtail.models import Locale, Page, Site

    from candle.pages.models import HomePage

    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="북한인권시민연합", slug="home-ko", locale=ko, mission="시험용")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    home_en = home.copy_for_translation(en, copy_parents=False, alias=False)
    home_en.title = "Candle"
    home_en.save_revision().publish()
    return {"ko": home, "en": home_en}


@pytest.fixture
def campaign(homes):
    from candle.giving.models import CampaignPage, MatchingPledge

    home = homes["ko"]
    page = CampaignPage(
        title="한 생명 살리기",
        slug="save-one-life",
        goal=Decimal("1000000"),
        currency="KRW",
        amount_presets="10000,30000,50000",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    MatchingPledge.objects.create(
        page=page, donor_name="익명의 후원자", ratio=Decimal("1"), cap=Decimal("100000")
    )
    return page


@pytest.fixture
def campaign_en(campaign):
    from wagtail.models import Locale

    page = campaign.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    page.title, page.currency, page.goal, page.amount_presets = (
        "Save One Life",
        "USD",
        Decimal("1000"),
        "10,25,50",
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def give_page(homes):
    from candle.giving.models import GivePage

    page = GivePage(title="후원하기", slug="give", currency="KRW")
    homes["ko"].add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def supporter(db):
    from candle.supporters.services import supporter_get_or_create

    return supporter_get_or_create(
        email="gamyeong.kim@supporters.example", name="김가명", locale="ko"
    )


def load_payload(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def start_gift():
    """Open a payment the way the form does."""
    import uuid

    from candle.giving.services import donation_start

    def start(
        page,
        *,
        amount="50000",
        frequency="one_off",
        email="gamyeong.kim@supporters.example",
        **extra,
    ):
        return donation_start(
            page=page,
            frequency=frequency,
            amount=Decimal(amount),
            name=extra.pop("name", "김가명"),
            email=email,
            locale=extra.pop("locale", "ko"),
            consent_text="동의합니다 / I agree",
            submission_token=extra.pop("submission_token", uuid.uuid4().hex),
            **extra,
        ).payment

    return start
