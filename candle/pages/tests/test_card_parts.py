"""The pieces ``post_cards`` and ``pagination`` write with give what Django's own functions give:
escaping, the ``<time>`` element's attribute and text (remembered per instant, zone and
language), the badge and link words (remembered per language) and a category's name in the
page's language. The golden pages (``test_chrome_identity.py``) cover the cards as a whole."""

import datetime
import html
import zoneinfo

import pytest
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from candle.pages.text_shown import DatesShown, _escape, _translated, escape_value

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


@given(st.text())
def test_escape_is_html_escape(text):
    assert _escape(text) == html.escape(text)


@given(st.text())
def test_escape_value_is_conditional_escape(text):
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    assert escape_value(text) == conditional_escape(text)
    assert escape_value(mark_safe(text)) == text  # already safe: as it is
    assert escape_value(None) == conditional_escape(None) == "None"


@pytest.mark.parametrize("text", ["", "소식", "a & b", "<b>", '"', "'", "&amp;", "가" * 500 + "'"])
def test_escape_is_html_escape_on_the_characters_it_changes(text):
    assert _escape(text) == html.escape(text)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_cards_time_is_what_the_template_wrote(language, settings):
    """``template_localtime(when)`` then ``|date:"c"`` and ``|date``: the same instant given
    in UTC and in Seoul's zone shows Seoul's day (the site's zone), and a remembered instant
    shows the same again."""
    settings.TIME_ZONE = "Asia/Seoul"
    in_utc = datetime.datetime(2026, 12, 2, 20, 30, tzinfo=datetime.UTC)  # the 3rd in Seoul
    in_seoul = in_utc.astimezone(SEOUL)
    with translation.override(language), timezone.override(SEOUL):
        dates = DatesShown()
        for when in (in_utc, in_seoul, in_utc):
            local = timezone.template_localtime(when)
            assert dates.attribute_and_text(when) == (
                django_date(local, "c"),
                html.escape(django_date(local)),
            )
        assert dates.attribute_and_text(in_utc)[0] == "2026-12-03T05:30:00+09:00"


def test_a_cards_time_follows_the_zone_it_is_shown_in(settings):
    when = datetime.datetime(2026, 12, 2, 20, 30, tzinfo=datetime.UTC)
    with translation.override("en"):
        with timezone.override(SEOUL):
            seoul = DatesShown().attribute_and_text(when)
        with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
            london = DatesShown().attribute_and_text(when)
    assert seoul == ("2026-12-03T05:30:00+09:00", "3 December 2026")
    assert london == ("2026-12-02T20:30:00+00:00", "2 December 2026")


def test_a_naive_time_is_shown_as_it_is(settings):
    settings.USE_TZ = False
    when = datetime.datetime(2026, 12, 2, 20, 30)
    with translation.override("en"):
        assert DatesShown().attribute_and_text(when) == ("2026-12-02T20:30:00", "2 December 2026")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("message", ["Pinned", "Previous", "Next", "Pages", "Search"])
def test_remembered_words_are_gettexts(language, message):
    with translation.override(language):
        expected = translation.gettext(message)
        assert _translated(language, message) == expected
        assert _translated(language, message) == expected  # and again, remembered
    assert _translated("ko", "Search") != _translated("en", "Search")  # both really translated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"), [("ko", "유엔 &amp; 기구"), ("en", "UN &amp; bodies")]
)
def test_a_card_shows_its_categories_in_the_pages_language(rf, site_tree, language, shown):
    from django.template import Context

    from candle.pages.factories import category, post_make
    from candle.pages.models import Category
    from candle.pages.templatetags.candle_tags import post_cards

    label = category("un")
    Category.objects.filter(pk=label.pk).update(name_ko="유엔 & 기구", name_en="UN & bodies")
    label.refresh_from_db()
    board = site_tree[language].boards["news"]
    post = post_make(board, title="T", categories=[label])
    post.listed_categories = [label, label]  # the same label twice: written twice, one markup
    request = rf.get("/", HTTP_HOST="localhost")
    with translation.override(language):
        cards = post_cards(Context({"request": request}), [post])
    assert cards.count(f'<span class="category">{shown}</span>') == 2
