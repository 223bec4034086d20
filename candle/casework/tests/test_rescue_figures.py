"""Public figures: derived by a query, cells of at least ten, a publication delay, and the home
page showing only what staff published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from candle.audit.models import AuditEntry
from candle.casework.figures import (
    figures_compute,
    figures_for_home,
    figures_publish,
    figures_published,
)
from candle.casework.models import FigureSettings, FigureSnapshot

from .rescue_fixtures import *  # noqa: F403  (the fixtures)
from .rescue_fixtures import days_ago, rescue_case

pytestmark = pytest.mark.django_db


def _arrivals(user, people_count: int, *, on: dt.date, start: int = 0) -> None:
    """``people_count`` people arriving on ``on``, one person a case."""
    for index in range(people_count):
        rescue_case(
            user,
            pseudonym=f"Example {start + index}",
            first_contact=(on - dt.timedelta(days=30), 1),
            arrival=(on, 1),
        )


def test_nine_people_are_not_shown_ten_are(people):
    on = days_ago(200)
    _arrivals(people["supervisor"], 9, on=on)
    nine = figures_compute()
    assert nine["reached_safety"]["total"] is None
    assert nine["reached_safety"]["by_year"] == {}
    _arrivals(people["supervisor"], 1, on=on, start=9)
    ten = figures_compute()
    assert ten["reached_safety"]["total"] == 10
    assert ten["reached_safety"]["by_year"] == {str(on.year): 10}


def test_a_case_of_several_people_counts_each_person(people):
    rescue_case(people["supervisor"], arrival=(days_ago(120), 4))
    rescue_case(people["supervisor"], pseudonym="Example Family", arrival=(days_ago(130), 6))
    assert figures_compute()["reached_safety"]["total"] == 10


def test_stages_short_of_arrival_and_other_kinds_of_case_are_not_counted(people):
    from candle.casework.services import case_open

    for index in range(12):
        rescue_case(people["supervisor"], pseudonym=f"Example T{index}", transit=(days_ago(200), 1))
    case_open(user=people["supervisor"], kind="testimony", pseudonym="Example Pine", country="KP")
    assert figures_compute()["reached_safety"]["total"] is None


def test_the_delay_leaves_out_recent_arrivals(people):
    _arrivals(people["supervisor"], 10, on=days_ago(30))
    settings_row = FigureSettings.current()
    assert settings_row.delay_days == 90
    counted = figures_compute()
    assert counted["reached_safety"]["total"] is None
    assert counted["as_of"] == days_ago(90).isoformat()
    settings_row.delay_days = 20
    settings_row.save()
    assert figures_compute()["reached_safety"]["total"] == 10
    # on the last day counted: in; one day after it: out
    settings_row.delay_days = 30
    settings_row.save()
    assert figures_compute()["reached_safety"]["total"] == 10
    settings_row.delay_days = 31
    settings_row.save()
    assert figures_compute()["reached_safety"]["total"] is None


def test_a_small_year_cannot_be_worked_out_by_subtraction(people):
    today = timezone.localdate()
    first = dt.date(today.year - 3, 6, 1)
    second = dt.date(today.year - 2, 6, 1)
    _arrivals(people["supervisor"], 12, on=first)
    _arrivals(people["supervisor"], 5, on=second, start=100)
    counted = figures_compute()
    assert counted["reached_safety"]["total"] == 17
    # 2 years: 12 shown would reveal 17 - 12 = 5, so neither is shown
    assert counted["reached_safety"]["by_year"] == {}
    _arrivals(people["supervisor"], 10, on=second, start=200)
    counted = figures_compute()
    assert counted["reached_safety"]["by_year"] == {str(first.year): 12, str(second.year): 15}


def test_staff_cannot_lower_the_smallest_cell_below_ten(people):
    from candle.casework.rescue_forms import FigureSettingsForm

    form = FigureSettingsForm({"delay_days": "90", "min_cell": "3", "show_on_home": "on"})
    assert not form.is_valid() and "min_cell" in form.errors
    FigureSettings.objects.filter(pk=FigureSettings.current().pk).update(min_cell=3)
    _arrivals(people["supervisor"], 5, on=days_ago(200))
    assert figures_compute()["reached_safety"]["total"] is None  # 10 still applies


def test_un_submissions_are_unknown_without_the_dossier_model(people):
    from django.apps import apps

    try:
        apps.get_model("casework", "DossierEvent")
    except LookupError:
        assert figures_compute()["un_submitted"] is None
    else:  # once the dossiers are merged: a count, cut like the others
        assert figures_compute()["un_submitted"] is None  # no dossier here: 0, held back


def test_the_home_page_shows_only_what_staff_published(people):
    _arrivals(people["supervisor"], 10, on=days_ago(200))
    assert figures_published() is None
    assert figures_for_home() == []
    snapshot = figures_publish(user=people["supervisor"])
    assert snapshot.values["reached_safety"]["total"] == 10
    assert AuditEntry.objects.filter(action="figures.publish").count() == 1
    # more arrivals change nothing public until staff publish again
    _arrivals(people["supervisor"], 5, on=days_ago(150), start=50)
    with translation.override("en"):
        shown = figures_for_home()
    assert [f["figure"] for f in shown] == ["10", "10"]
    assert "as of" in shown[0]["as_of"]
    figures_publish(user=people["supervisor"])
    with translation.override("ko"):
        shown = figures_for_home()
    assert shown[0]["figure"] == "15" and "기준" in shown[0]["as_of"]
    assert FigureSnapshot.objects.count() == 2


def test_staff_may_keep_the_figures_off_the_home_page(people):
    _arrivals(people["supervisor"], 10, on=days_ago(200))
    FigureSettings.objects.update_or_create(pk=1, defaults={"show_on_home": False})
    figures_publish(user=people["supervisor"])
    assert figures_for_home() == []


def test_published_figures_are_kept_site_wide_until_the_next_publication(
    people, data_cache_on, django_assert_num_queries
):
    _arrivals(people["supervisor"], 10, on=days_ago(200))
    with django_assert_num_queries(1):
        assert figures_published() is None  # uncached: one query
    with django_assert_num_queries(0):
        assert figures_published() is None
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        figures_publish(user=people["supervisor"])
    assert figures_published()["reached_safety"]["total"] == 10  # the purge made it reread


def test_only_supervisors_open_the_figures_screen_and_publish(client, people):
    from django.urls import reverse

    _arrivals(people["supervisor"], 10, on=days_ago(200))
    url = reverse("casework_figures:index")
    for who in ("worker", "giving", "editor"):
        client.force_login(people[who])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "publish"}).status_code == 404
    assert FigureSnapshot.objects.count() == 0
    client.force_login(people["supervisor"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert FigureSnapshot.objects.get().values["reached_safety"]["total"] == 10
    for hostile in (
        {"action": "settings", "delay_days": "-1", "min_cell": "10"},
        {"action": "settings", "delay_days": "９０", "min_cell": "10"},
        {"action": "settings", "delay_days": "99999999999", "min_cell": "10"},
        {"action": "nonsense"},
        {},
    ):
        response = client.post(url, hostile)
        assert response.status_code == 400, hostile
    assert FigureSettings.current().delay_days == 90
    assert (
        client.post(url, {"action": "settings", "delay_days": "30", "min_cell": "12"}).status_code
        == 302
    )
    row = FigureSettings.current()
    assert (row.delay_days, row.min_cell, row.show_on_home) == (30, 12, False)


def test_the_home_page_shows_the_published_figures_in_its_language(client, people, site_tree):
    _arrivals(people["supervisor"], 10, on=days_ago(200))
    home = site_tree["ko"].home
    assert "안전한 곳에 닿았습니다(사례 기록 기준)" not in client.get(home.url).content.decode()
    figures_publish(user=people["supervisor"])
    html = client.get(home.url).content.decode()
    assert '<span class="figure">10</span> <span class="figure-label">명이 안전한 곳에' in html
    assert "기준" in html
    english = client.get(site_tree["en"].home.url).content.decode()
    assert "people reached safety (from our case records)" in english
