"""The Korean catalogues behind the admin: complete, consistent, and without the old mistakes.

- Every message Wagtail, wagtail-localize and taggit can show has Korean: theirs, or ours in
  ``candle/locale_vendor`` (``scripts/vendor_messages.py`` adds what an upgrade brings).
- A string of ours that Wagtail also uses reads the same in both, or has a context: our
  catalogues outrank theirs, so our "Filter" (적용) once became Wagtail's filter button and our
  "Reports" (보고서, the report library) its admin menu.
- Every model of ours names itself and its plural (the admin said "후원금s" without them).
- The mistranslations editors met (후기, 오락가락하다, 영역, 현장, 자취, dictionary-form buttons)
  are gone.
"""

import importlib
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

PACKAGES = ["wagtail", "wagtail_localize", "taggit"]


def _vendor(domain: str) -> polib.POFile:
    return polib.pofile(str(settings.LOCALE_PATHS[1] / "ko" / "LC_MESSAGES" / f"{domain}.po"))


def _package_catalogues(language: str, domain: str) -> list[polib.POFile]:
    found = []
    for name in PACKAGES:
        root = Path(importlib.import_module(name).__file__).parent
        found += [
            polib.pofile(str(p)) for p in root.glob(f"**/locale/{language}/LC_MESSAGES/{domain}.po")
        ]
    return found


def _translated(entry: polib.POEntry) -> str:
    if entry.obsolete or "fuzzy" in entry.flags:
        return ""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _korean(domain: str) -> dict[tuple, str]:
    """What the admin shows for each message: our vendor catalogue, else the package's."""
    korean = {}
    for catalogue in _package_catalogues("ko", domain):
        for entry in catalogue:
            if _translated(entry):
                korean.setdefault((entry.msgctxt, entry.msgid), _translated(entry))
    for entry in _vendor(domain):
        if _translated(entry):
            korean[(entry.msgctxt, entry.msgid)] = _translated(entry)
    return korean


def test_vendor_catalogue_is_in_locale_paths_after_ours():
    assert [p.name for p in settings.LOCALE_PATHS] == ["locale", "locale_vendor"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_of_the_admin_packages_has_korean(domain):
    korean = _korean(domain)
    missing = sorted(
        {
            entry.msgid
            for catalogue in _package_catalogues("en", domain)
            for entry in catalogue
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in korean
        }
    )
    assert missing == []


def test_our_strings_read_as_wagtails_or_have_a_context():
    korean = _korean("django")
    ours = [settings.LOCALE_PATHS[0] / "ko" / "LC_MESSAGES" / "django.po"]
    ours += sorted(Path(settings.LOCALE_PATHS[0]).parent.glob("*/locale/ko/LC_MESSAGES/django.po"))
    clashes = []
    for path in ours:
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if _translated(entry) and key in korean and korean[key] != _translated(entry):
                clashes.append((path.parts[-5], entry.msgid, _translated(entry), korean[key]))
    assert clashes == []


def test_every_model_of_ours_names_itself_and_its_plural_in_korean():
    unnamed = []
    with translation.override("ko"):
        for model in apps.get_models():
            if not model.__module__.startswith("candle.") or ".tests." in model.__module__:
                continue  # a model only the tests install (candle/core/tests/encrypted_sample)
            attrs = model._meta.original_attrs
            plural = str(model._meta.verbose_name_plural)
            if "verbose_name" not in attrs or "verbose_name_plural" not in attrs:
                unnamed.append(model._meta.label)
            elif not any("\uac00" <= c <= "\ud7a3" for c in plural) or plural.endswith("s"):
                unnamed.append(f"{model._meta.label}: {plural}")
    assert unnamed == []


@pytest.mark.parametrize(
    ("msgid", "korean"),
    [
        ("Awaiting your review", "내 검토를 기다리는 항목"),
        ("Toggle status", "상태 보기/숨기기"),
        ("Locales", "언어"),
        ("Locale", "언어"),
        ("Switch locales", "언어 바꾸기"),
        ("History", "기록"),
        ("Site history", "사이트 기록"),
        ("Go back", "돌아가기"),
        ("Submit", "제출"),
        ("Translate", "번역"),
        ("Workflow", "워크플로"),
        ("Reports", "관리 현황"),
        ("Filter", "필터"),
        ("Dashboard", "대시보드"),
        ("Show", "보기"),
    ],
)
def test_the_admin_says(msgid, korean):
    with translation.override("ko"):
        assert translation.gettext(msgid) == korean


def test_wagtails_relative_times_are_korean():
    """Wagtail's workflow panel uses humanize's naturaltime ("29 seconds ago")."""
    import datetime as dt

    from django.utils import timezone
    from wagtail.admin.templatetags.wagtailadmin_tags import naturaltime

    with translation.override("ko"):
        said = naturaltime(timezone.now() - dt.timedelta(seconds=29))
    assert said == "29 초 전"


def test_our_report_library_and_wagtails_reports_menu_have_different_names():
    with translation.override("ko"):
        library = translation.pgettext("report library", "Reports")
        assert library == "보고서"
        assert translation.gettext("Reports") != library
