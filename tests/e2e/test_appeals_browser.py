"""Appeals in the browser: sign in Korean and in English on a phone-sized screen, confirm by
the mailed link, and see the count move; axe-clean where advocacy renders."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect


@pytest.fixture
def appeals(live_site, site_tree):
    from wagtail.models import Locale

    from candle.advocacy.models import AppealPage

    page = AppealPage(
        title="강제북송 중단 긴급 호소(예시)",
        slug="urgent-example",
        target_name="예시국 대사관",
        target_kind="embassy",
        target_language="ko",
        signature_goal=100,
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    site_tree["ko"].home.add_child(instance=page)
    page.save_revision().publish()
    english = page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    english.title, english.target_name = "Urgent appeal (example)", "Embassy of Exampleland"
    english.save_revision().publish()
    return {"ko": page, "en": english}


def _advocacy_violations(page, axe_violations):
    found = []
    for violation in axe_violations(page):
        nodes = [
            n
            for n in violation["nodes"]
            if any(
                ".sign-form" in t or ".appeal-count" in t or "#id_" in t or ".appeal" in t
                for t in map(str, n.get("target", []))
            )
        ]
        if nodes:
            found.append((violation["id"], [n["target"] for n in nodes]))
    return found


@pytest.mark.parametrize(
    ("language", "country", "sent", "confirm", "done"),
    [
        ("ko", "대한민국", "이메일을 확인해 주세요", "서명 확인하기", "집계되었습니다"),
        ("en", "United Kingdom", "Check your e-mail", "Confirm my signature", "counted"),
    ],
)
def test_sign_and_confirm(
    page, live_site, appeals, axe_violations, mailoutbox, language, country, sent, confirm, done
):
    from django.core.cache import cache

    from candle.advocacy.models import Signature

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_site}{appeals[language].url}")
    expect(page.locator(".appeal-count")).to_be_visible()
    assert _advocacy_violations(page, axe_violations) == []
    page.fill("#id_name", "홍길동예시" if language == "ko" else "Jane Example")
    page.fill("#id_email", f"{language}.signer@example.org")
    page.select_option("#id_country", label=country)
    page.check("#id_consent_signature")
    page.click(".sign-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(sent)
    assert Signature.objects.filter(counted=False).count() == 1
    link = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[-1].body).group(0)
    path = link.split("/", 3)[3]
    page.goto(f"{live_site}/{path}")
    page.click(f"text={confirm}")
    expect(page.locator("main")).to_contain_text(done)
    assert Signature.objects.get().counted
    cache.clear()
    page.goto(f"{live_site}{appeals[language].url}")
    expect(page.locator("[data-count-label]")).to_contain_text("1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
