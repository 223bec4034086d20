"""Demo youth programmes: an index in both languages, two open programmes reviewed by the
"Youth programme reviewers" group (the demo account ``youth-reviewer``), with applications by
visibly fictional people (김예시, Example Kim…, *.example.org), one of them under 14 and still
waiting for the guardian. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from candle.pages.models import HomePage

from ..demo import _page, _translation
from .factories import application_file_add, application_make, programme_make
from .models import Application, YouthProgrammeIndexPage, YouthProgrammePage

REVIEWERS = "Youth programme reviewers"


def _born(years: int) -> dt.date:
    return timezone.localdate().replace(month=3, day=1) - dt.timedelta(days=365 * years)


def demo_load(**_kwargs) -> list[str]:
    home_ko = HomePage.objects.filter(locale__language_code="ko").first()
    if home_ko is None:
        return ["youth programmes: no home page, skipped"]
    en = Locale.objects.get_or_create(language_code="en")[0]
    index = _page(
        YouthProgrammeIndexPage,
        parent=home_ko,
        slug="youth-programmes",  # /ko/youth/ is the youth work area's
        title="청소년 프로그램",
        intro="북한이탈 청소년을 위한 프로그램입니다. (예시)",
    )
    _translation(
        index, en, title="Youth programmes", intro="Programmes for young North Koreans (example)."
    )
    if YouthProgrammePage.objects.child_of(index).exists():
        return []
    group = Group.objects.get_or_create(name=REVIEWERS)[0]
    winter = programme_make(
        parent=index,
        group=group,
        title="겨울학교 (예시)",
        slug="winter-school-example",
        intro="방학 동안 함께 공부하고 여행하는 2주 과정입니다. (예시)",
    )
    _translation(
        winter,
        en,
        title="Winter school (example)",
        intro="Two weeks of study and travel during the holidays (example).",
    )
    career = programme_make(
        parent=index,
        group=group,
        title="진로·리더십 프로그램 (예시)",
        slug="career-leadership-example",
        intro="선배 멘토와 함께하는 6개월 과정입니다. (예시)",
        days_open=40,
    )
    _translation(
        career,
        en,
        title="Career and leadership programme (example)",
        intro="Six months with a mentor (example).",
    )
    first = application_make(programme=winter, name="김예시", email="kim.yesi@example.org")
    application_file_add(application=first)
    application_make(
        programme=winter,
        name="Example Kim",
        email="example.kim@example.org",
        language="en",
        birth_date=_born(17),
        status=Application.Status.IN_REVIEW,
    )
    application_make(
        programme=winter,
        name="이예시",
        email="lee.yesi@example.org",
        birth_date=_born(12),
        status=Application.Status.AWAITING_GUARDIAN,
        under_14=True,
        guardian_name="이보호예시",
        guardian_email="guardian.lee@example.org",
    )
    application_make(programme=career, name="박예시", email="park.yesi@example.org")
    application_make(
        programme=career,
        name="Example Park",
        email="example.park@example.org",
        language="en",
        birth_date=_born(20),
    )
    return [
        "youth programmes: 2 open programmes, 5 fictional applications (one awaiting a "
        "guardian); reviewer youth-reviewer"
    ]
