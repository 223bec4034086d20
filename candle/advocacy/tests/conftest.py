import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    """Rate-limit counts and kept counts live in the cache: each test starts empty. Field
    keys are the test's own."""
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def homes(db):
    """Just the two home pages."""
    from wagtail.models import Locale, Page, Site

    from candle.pages.models import HomePage

    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    if root is None:  # an earlier transactional test's flush emptied what the migrations made
        from candle.core.tests.migration_rows import migration_rows_restore

        migration_rows_restore()
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


def appeal_make(home, **fields):
    from candle.advocacy.models import AppealPage

    values = {
        "title": "강제북송 중단 긴급 호소",
        "slug": "stop-repatriation",
        "intro": "중국에 구금된 탈북민의 강제북송을 멈춰 주십시오.",
        "target_kind": "embassy",
        "target_name": "주한 중국대사관",
        "target_language": "ko",
        "signature_goal": 1000,
        "deadline": timezone.now() + dt.timedelta(days=7),
    }
    values.update(fields)
    page = AppealPage(**values)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def appeal(homes):
    return appeal_make(homes["ko"])


@pytest.fixture
def appeal_en(appeal):
    from wagtail.models import Locale

    page = appeal.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    page.title = "Urgent: stop the forced repatriation"
    page.target_name = "Embassy of the People's Republic of China"
    page.save_revision().publish()
    return page


def sign_data(**overrides):
    data = {
        "name": "홍길동예시",
        "email": "hong.example@example.org",
        "country": "KR",
        "comment": "",
        "consent_signature": "on",
        "website_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
