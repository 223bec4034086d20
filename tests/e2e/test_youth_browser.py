"""Youth programme applications in the browser: an applicant under 14 applies (with a file),
the guardian opens the mailed link and consents; once in Korean, once in English."""

import re

import pytest
from playwright.sync_api import expect

from candle.programmes.youth.factories import PDF_BYTES


@pytest.fixture
def programmes(live_site, site_tree, settings, tmp_path):
    from django.contrib.auth.models import Group
    from wagtail.models import Locale

    from candle.programmes.models import YouthProgrammeIndexPage
    from candle.programmes.youth.factories import programme_make

    settings.CANDLE_ENCRYPTED_FILES_DIR = str(tmp_path / "encrypted")
    index = YouthProgrammeIndexPage(title="청소년 프로그램", slug="youth-programmes")
    site_tree["ko"].home.add_child(instance=index)
    index.save_revision().publish()
    programme = programme_make(
        parent=index, group=Group.objects.create(name="심사 (예시)"), slug="winter"
    )
    english = programme.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    english.title = "Winter school (example)"
    english.save_revision().publish()
    return {"ko": programme, "en": english}


LABELS = {
    "ko": {
        "name": "이름 *",
        "born": "생년월일 (YYYY-MM-DD) *",
        "email": "이메일 *",
        "phone": "전화 *",
        "school": "학교 또는 직업 *",
        "guardian": "법정대리인 이름 (만 14세 미만 지원자)",
        "guardian_email": "법정대리인 이메일 (만 14세 미만 지원자)",
        "send": "지원서 보내기",
        "received": "지원서를 받았습니다",
        "consent": "동의합니다",
        "done": "동의가 기록되었습니다",
    },
    "en": {
        "name": "Name *",
        "born": "Date of birth (YYYY-MM-DD) *",
        "email": "E-mail *",
        "phone": "Phone *",
        "school": "School or occupation *",
        "guardian": "Guardian's name (applicants under 14)",
        "guardian_email": "Guardian's e-mail (applicants under 14)",
        "send": "Send the application",
        "received": "Application received",
        "consent": "I consent",
        "done": "Your consent is recorded",
    },
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_under_14_applies_and_the_guardian_consents(
    page, live_site, programmes, tmp_path, language
):
    from django.core import mail
    from django.utils import timezone

    from candle.programmes.models import Application, GuardianConsent

    words = LABELS[language]
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(PDF_BYTES)
    born = timezone.localdate().replace(year=timezone.localdate().year - 12, day=1)
    page.goto(f"{live_site}/{language}/youth-programmes/winter/")
    page.get_by_label(words["name"]).fill("김예시" if language == "ko" else "Example Kim")
    page.get_by_label(words["born"]).fill(born.isoformat())
    page.get_by_label(words["email"]).fill(f"applicant.{language}@example.org")
    page.get_by_label(words["phone"], exact=True).fill("010-0000-0000")
    page.get_by_label(words["school"]).fill("예시중학교")
    page.get_by_label(words["guardian"]).fill("김보호예시")
    page.get_by_label(words["guardian_email"]).fill(f"guardian.{language}@example.org")
    page.get_by_label("지원 동기 *").fill("함께 배우고 싶습니다. (예시)")
    page.get_by_label("추천서 *").set_input_files(str(letter))
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("heading", name=words["received"])).to_be_visible()
    application = Application.objects.get()
    assert application.status == "awaiting_guardian" and application.language == language
    assert application.files.count() == 1

    message = mail.outbox[-1]
    assert message.to == [f"guardian.{language}@example.org"]
    path = re.search(r"https?://[^/\s]+(/\S+/guardian/\S+/)", message.body).group(1)
    page.goto(live_site + path)
    expect(page.locator(".consent-text")).to_be_visible()
    page.get_by_role("button", name=words["consent"], exact=True).click()
    expect(page.get_by_text(words["done"])).to_be_visible()
    application.refresh_from_db()
    assert application.status == "submitted"
    assert GuardianConsent.objects.get().consented
