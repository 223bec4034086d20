"""Issue 21 item 5: a reader can reach a way to give from the home page, its urgent appeal, a
post about a campaign and the give page, in both languages, and every such link answers."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import Locale

from candle.giving.models import CampaignPage, GivePage
from candle.pages.factories import post_make

pytestmark = pytest.mark.django_db


def _translate(page, **fields):
    copy = page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False, alias=False
    )
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def giving_site(site_tree):
    ko = site_tree["ko"]
    give = GivePage(title="후원하기", slug="give", currency="KRW")
    ko.home.add_child(instance=give)
    give.save_revision().publish()
    give_en = _translate(give, title="Give", currency="USD")
    campaign = CampaignPage(
        title="한 생명 살리기",
        slug="save-one-life",
        intro="난민 한 사람의 길",
        goal=Decimal("10000000"),
        currency="KRW",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    ko.home.add_child(instance=campaign)
    campaign.save_revision().publish()
    campaign_en = _translate(campaign, title="Save One Life", intro="One refugee's road")
    ended = CampaignPage(
        title="지난 캠페인",
        slug="past",
        goal=Decimal("1000000"),
        currency="KRW",
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    ko.home.add_child(instance=ended)
    ended.save_revision().publish()
    return {
        "give": {"ko": give, "en": give_en},
        "campaign": {"ko": campaign, "en": campaign_en},
        "ended": ended,
        "tree": site_tree,
    }


def _appeal(giving_site, *, campaign):
    """An urgent appeal on the news board, in both languages, highlighted on both homes."""
    tree = giving_site["tree"]
    post = post_make(tree["ko"].boards["news"], title="[긴급호소] 제3국의 한 가족")
    if campaign:
        post.campaign = giving_site["campaign"]["ko"]
        post.save_revision().publish()
    post_en = _translate(post, title="[Urgent appeal] A family in a third country")
    for language, page in (("ko", post), ("en", post_en)):
        home = tree[language].home
        home.highlight_page = page
        home.save_revision().publish()
    return {"ko": post, "en": post_en}


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/(?:ko|en)/[^"]*)"', html))


def _highlight(html: str) -> str:
    match = re.search(r'<section class="highlight".*?</section>', html, re.S)
    assert match
    return match.group(0)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_home_links_the_open_campaigns_and_the_appeals_campaign(client, giving_site, language):
    _appeal(giving_site, campaign=True)
    campaign = giving_site["campaign"][language]
    html = client.get(f"/{language}/").content.decode()
    campaigns = re.search(r'<section class="campaigns".*?</section>', html, re.S).group(0)
    assert campaign.url in _links(campaigns)
    assert giving_site["ended"].url not in html  # a campaign past its deadline is not offered
    give_now = re.search(r'class="button button-give" href="([^"]+)"', _highlight(html))
    assert give_now and give_now.group(1) == campaign.url  # in the reader's language
    for url in _links(campaigns) | {give_now.group(1)}:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_appeal_without_a_campaign_leads_to_the_give_page(client, giving_site, language):
    _appeal(giving_site, campaign=False)
    html = client.get(f"/{language}/").content.decode()
    give_now = re.search(r'class="button button-give" href="([^"]+)"', _highlight(html))
    assert give_now and give_now.group(1) == giving_site["give"][language].url
    assert client.get(give_now.group(1)).status_code == 200


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_post_about_a_campaign_ends_with_a_button_to_give(client, giving_site, language):
    posts = _appeal(giving_site, campaign=True)
    html = client.get(posts[language].url).content.decode()
    call = re.search(r'<aside class="give-call.*?</aside>', html, re.S)
    assert call, "no give button on the post"
    target = giving_site["campaign"][language].url
    assert _links(call.group(0)) == {target}
    assert client.get(target).status_code == 200


def test_a_post_without_a_campaign_has_no_give_call(client, giving_site):
    posts = _appeal(giving_site, campaign=False)
    assert "give-call" not in client.get(posts["ko"].url).content.decode()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_give_page_links_the_campaigns_and_each_campaign_has_its_form(
    client, giving_site, language
):
    html = client.get(giving_site["give"][language].url).content.decode()
    campaign = giving_site["campaign"][language]
    assert campaign.url in _links(html)
    page = client.get(campaign.url)
    assert page.status_code == 200
    assert 'class="donation-form"' in page.content.decode()
