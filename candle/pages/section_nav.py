"""The pages of a section: the live, public children of a standard or work area page that are
shown in menus (About us → Transparency, Youth programmes → Hanawon), listed on the parent."""

from wagtail.models import Page


def section_links(*, page: Page, request=None) -> list[dict]:
    """``[{"title", "url"}]`` of ``page``'s children in menus, in tree order: one query of
    plain page rows (restrictions from the kept list, addresses without a reverse each)."""
    from .selectors import not_private
    from .urls_fast import page_url

    children = (
        Page.objects.child_of(page)
        .live()
        .in_menu()
        .filter(not_private())
        .only("title", "url_path", "locale_id", "content_type_id", "path", "depth")
        .order_by("path")
    )
    return [{"title": child.title, "url": page_url(child, request)} for child in children]
