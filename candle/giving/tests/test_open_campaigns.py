"""The open campaigns the home and give pages link: live, public, of the language, still
taking gifts; the view restrictions come from the site-wide data cache (``not_private``),
which a new restriction forgets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction


def _campaign(home, slug: str, *, days: int | None):
    from candle.giving.models import CampaignPage

    page = CampaignPage(
        title=f"캠페인 {slug}",
        slug=slug,
        goal=Decimal("1000000"),
        currency="KRW",
        amount_presets="10000,30000",
        deadline=None if days is None else timezone.localdate() + dt.timedelta(days=days),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_open_campaigns_leave_out_closed_other_language_and_restricted_ones(
    homes, settings, django_capture_on_commit_callbacks
):
    from candle.giving.selectors import campaigns_open

    settings.CANDLE_DATA_CACHE_ENABLED = True
    ko, en = homes["ko"], homes["en"]
    soon = _campaign(ko, "soon", days=3)
    later = _campaign(ko, "later", days=40)
    open_ended = _campaign(ko, "open-ended", days=None)
    _campaign(ko, "ended", days=-1)
    _campaign(en, "english", days=5)
    found = campaigns_open(locale_id=ko.locale_id)
    assert [page.pk for page in found] == [soon.pk, later.pk, open_ended.pk]

    with django_capture_on_commit_callbacks(execute=True):  # the purge runs on commit
        PageViewRestriction.objects.create(page=later, restriction_type=PageViewRestriction.LOGIN)
    assert [page.pk for page in campaigns_open(locale_id=ko.locale_id)] == [
        soon.pk,
        open_ended.pk,
    ]
    assert [page.pk for page in campaigns_open(locale_id=ko.locale_id, limit=1)] == [soon.pk]


@pytest.mark.django_db
def test_a_give_page_under_a_view_restriction_is_not_offered(
    homes, settings, django_capture_on_commit_callbacks
):
    from candle.giving.models import GivePage
    from candle.giving.selectors import give_page_for_locale

    settings.CANDLE_DATA_CACHE_ENABLED = True
    ko = homes["ko"]
    give = GivePage(title="후원하기", slug="give")
    ko.add_child(instance=give)
    give.save_revision().publish()
    assert give_page_for_locale(locale_id=ko.locale_id).pk == give.pk
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=give, restriction_type=PageViewRestriction.LOGIN)
    assert give_page_for_locale(locale_id=ko.locale_id) is None
