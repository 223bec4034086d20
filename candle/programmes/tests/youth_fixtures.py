"""Fixtures for the youth application tests (imported by the test modules that use them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from candle.programmes.youth.factories import (
    CRITERIA_IDS,
    PDF_BYTES,
    QUESTION_ID,
    UPLOAD_ID,
    application_file_add,
    application_make,
    programme_make,
)

__all__ = [
    "CRITERIA_IDS",
    "PDF_BYTES",
    "QUESTION_ID",
    "UPLOAD_ID",
    "application_file_add",
    "application_make",
    "birth_date_for_age",
    "encrypted_dir",
    "programme",
    "programme_en",
    "reviewer",
    "reviewer_group",
    "youth_index",
]


def birth_date_for_age(years: int, *, days_more: int = 0) -> dt.date:
    """A birth date that makes someone exactly ``years`` old today (Korea's date), or that many
    years and ``days_more`` days."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - dt.timedelta(days=days_more)


@pytest.fixture(autouse=True)
def encrypted_dir(settings, tmp_path):
    settings.CANDLE_ENCRYPTED_FILES_DIR = str(tmp_path / "encrypted")
    return tmp_path / "encrypted"


@pytest.fixture
def youth_index(homes):
    from wagtail.models import Locale

    from candle.programmes.models import YouthProgrammeIndexPage

    index = YouthProgrammeIndexPage(title="청소년 프로그램", slug="youth")
    homes["ko"].add_child(instance=index)
    index.save_revision().publish()
    index_en = index.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    index_en.title = "Youth programmes"
    index_en.save_revision().publish()
    return index


@pytest.fixture
def reviewer_group(db):
    return Group.objects.create(name="겨울학교 심사 (시험)")


@pytest.fixture
def programme(youth_index, reviewer_group):
    return programme_make(parent=youth_index, group=reviewer_group, slug="winter-school")


@pytest.fixture
def programme_en(programme):
    from wagtail.models import Locale

    page = programme.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True, alias=False
    )
    page.title = "Winter school (example)"
    page.save_revision().publish()
    return page


def _staff(username: str, *codenames: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def reviewer(reviewer_group):
    user = _staff("youth-reviewer", "view_application", "change_application")
    user.groups.add(reviewer_group)
    return user
