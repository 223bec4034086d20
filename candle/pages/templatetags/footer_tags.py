"""The footer's fixed pages (privacy policy, contact), found by slug in the active language.

Korea's Personal Information Protection Act wants the privacy policy linked on every page. The
pages are the home page's children with the slugs below, in each language's tree (the demo and
``site_tree_ensure`` create them); an editor may retitle them but keeps the slug. A page that is
missing, unpublished or private is simply left out of the footer."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

register = template.Library()

FOOTER_PAGE_SLUGS = ("privacy", "contact")
HOME_CHILD_DEPTH = 3  # Wagtail's root (1) → each language's home (2) → its children (3)


@register.simple_tag
def footer_pages() -> dict[str, dict]:
    """``{slug: {"title", "url"}}`` for the footer in the active language: two queries, then
    kept in the site-wide data cache until a page at the top of the tree changes."""
    from candle.caching.store import cached_site_wide

    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]

    def compute() -> dict[str, dict]:
        pages = (
            Page.objects.live()
            .public()
            .filter(
                depth=HOME_CHILD_DEPTH, locale__language_code=language, slug__in=FOOTER_PAGE_SLUGS
            )
        )
        return {page.slug: {"title": page.title, "url": page.url} for page in pages}

    return cached_site_wide(f"footer:{language}", compute)
