"""The remembered date formatting (``date_shown``) shows what Django's ``date`` filter shows."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from candle.pages.templatetags.candle_tags import date_shown

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
WHEN = [
    datetime.datetime(2026, 12, 2, 23, 30, tzinfo=SEOUL),
    datetime.datetime(2024, 2, 29, 0, 5, tzinfo=SEOUL),
    datetime.date(1996, 5, 1),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("format_name", [None, "c", "Y-m-d", "DATE_FORMAT", "N j, Y"])
def test_the_same_text_as_django_date_filter(language, format_name):
    with translation.override(language):
        for when in WHEN:
            assert date_shown(when, format_name) == django_date(when, format_name)


def test_the_language_is_part_of_what_is_remembered():
    when = WHEN[0]
    with translation.override("en"):
        english = date_shown(when)
    with translation.override("ko"):
        korean = date_shown(when)
    assert english == "2 December 2026"  # the project's English format (locale/en)
    assert korean == "2026년 12월 2일"


def test_the_same_instant_in_another_zone_shows_its_own_day():
    in_seoul = datetime.datetime(2026, 12, 2, 5, 0, tzinfo=SEOUL)  # 05:00 on the 2nd in Seoul…
    in_la = in_seoul.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))  # …12:00 on the 1st
    assert in_seoul == in_la
    with translation.override("en"):
        assert date_shown(in_seoul, "Y-m-d") == "2026-12-02"
        assert date_shown(in_la, "Y-m-d") == "2026-12-01"


def test_the_filter_shows_the_site_day_and_passes_other_values_to_django():
    template = Template("{% load candle_tags %}{{ when|date_shown:'Y-m-d' }}|{{ text|date_shown }}")
    utc_evening = datetime.datetime(2026, 12, 2, 16, 0, tzinfo=datetime.UTC)  # 01:00 the 3rd, Seoul
    with timezone.override(SEOUL):
        shown = template.render(Context({"when": utc_evening, "text": "not a date"}))
    assert shown == "2026-12-03|"
