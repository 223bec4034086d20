"""A standard or work area page lists its pages in menus (About us → Transparency), so the
section's pages can be reached from it; pages hidden from menus or drafts are not listed."""

import pytest

from candle.pages.models import StandardPage

pytestmark = pytest.mark.django_db


def _child(parent, slug: str, *, in_menu: bool = True, live: bool = True) -> StandardPage:
    page = StandardPage(title=f"{slug} page", slug=slug, show_in_menus=in_menu, live=live)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_a_section_lists_its_pages_in_menus_only(client, site_tree):
    about = site_tree["ko"].standard["about"]
    shown = _child(about, "transparency")
    _child(about, "hidden", in_menu=False)
    _child(about, "draft", live=False)
    html = client.get(about.get_url()).content.decode()
    assert f'<a href="{shown.get_url()}">transparency page</a>' in html
    assert "hidden page" not in html and "draft page" not in html
    area = site_tree["ko"].work_areas["youth"]
    programme = _child(area, "hanawon")
    assert (
        f'<a href="{programme.get_url()}">hanawon page</a>'
        in client.get(area.get_url()).content.decode()
    )
    # a page with no such children shows no empty list
    assert 'class="section-nav"' not in client.get(shown.get_url()).content.decode()
