"""``search_result_items`` against the template loop it replaced: the same bytes for posts
(dated) and reports (a year), in both languages, with and without "both languages", with
markup in a title and a snippet, and with no snippet."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from candle.pages.factories import report_make
from candle.pages.services import post_create

pytestmark = pytest.mark.django_db

# search/search.html's loop until 2026-12-06
LOOP = (
    "{% load candle_tags %}{% for row in rows %}\n"
    '      <li lang="{{ row.page.locale.language_code }}">\n'
    '        <h2><a href="{{ row.url }}">{{ row.title }}</a></h2>\n'
    '        <p class="meta">{{ row.kind|capfirst }}{% if row.year %} · {{ row.year }}'
    "{% elif row.date %} · <time datetime=\"{{ row.date|date_shown:'c' }}\">"
    "{{ row.date|date_shown }}</time>{% endif %}{% if filters.both_languages %} · "
    "{{ row.page.locale.get_display_name }}{% endif %}</p>\n"
    '        {% if row.snippet %}<p class="snippet">{{ row.snippet }}</p>{% endif %}\n'
    "      </li>\n"
    "      {% endfor %}"
)
TAG = "{% load search_tags %}{% search_result_items rows filters.both_languages %}"


@pytest.fixture
def results(site_tree):
    post_create(
        board=site_tree["ko"].boards["news"],
        title="강제송환 <b>소식</b> & 기록",
        summary="국경에서 강제송환되었다는 소식 <i>&amp;</i> 기록.",
        date=timezone.make_aware(datetime.datetime(2021, 3, 4, 23, 30)),  # another day in UTC
    )
    report_make(site_tree["ko"].library, slug="repatriation", year=2019, title="강제송환 보고서")
    post_create(
        board=site_tree["en"].boards["news"],
        title="Forced repatriation <script>",
        summary="",
        date=timezone.make_aware(datetime.datetime(2020, 12, 31, 8, 0)),
    )


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("both", [False, True])
def test_the_tag_writes_what_the_loop_wrote(client, results, language, both):
    from candle.search.selectors import SearchFilters

    query = "강제송환" if language == "ko" else "repatriation"
    response = client.get(f"/{language}/search/", {"q": query, **({"all": "1"} if both else {})})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows
    rows = [*rows, {**rows[0], "snippet": ""}]  # and one without a snippet
    context = {"rows": rows, "filters": SearchFilters(both_languages=both)}
    django = engines["django"]
    with translation.override(language):
        loop = django.from_string(LOOP).render(context)
        tag = django.from_string(TAG).render(context)
    assert tag == loop
    assert "<time datetime=" in tag or " · 2019</p>" in tag
    assert "<script>" not in tag
