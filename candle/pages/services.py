"""Writes to the public site's structure. Idempotent: every function keys on slugs, so running
it twice changes nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import BoardPage, HomePage, PostPage, ReportIndexPage, StandardPage, WorkArea, WorkAreaPage

# slug → (Korean title, English title)
STANDARD_PAGES = {
    "about": ("단체 소개", "About us"),
    "history": ("걸어온 길", "History"),
    "membership": ("회원 가입", "Membership"),
    "contact": ("연락처", "Contact"),
    "privacy": ("개인정보처리방침", "Privacy policy"),
}
WORK_AREA_PAGES = {
    "advocacy": ("옹호와 캠페인", "Advocacy & Campaigns"),
    "youth": ("북한이탈청소년 교육", "North Korean Youth Programmes"),
    "education": ("인식개선 교육", "Public Education"),
    "rescue": ("북한난민 구호", "Refugee Rescue"),
}
BOARDS = {
    "news": ("활동소식", "News"),
    "statements": ("성명", "Statements"),
    "press": ("보도자료", "Press releases"),
    "notices": ("공지사항", "Notices"),
}
LIBRARY = ("reports", "자료실·보고서", "Reports")


@dataclass
class SiteTree:
    """The pages of one language's site, by slug."""

    home: HomePage
    standard: dict[str, StandardPage] = field(default_factory=dict)
    work_areas: dict[str, WorkAreaPage] = field(default_factory=dict)
    boards: dict[str, BoardPage] = field(default_factory=dict)
    library: ReportIndexPage | None = None


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translated_child(source: Page, locale: Locale, parent: Page, **fields) -> Page:
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing
    page = source.copy_for_translation(locale, copy_parents=False, alias=False)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@transaction.atomic
def site_tree_ensure(*, mission_ko: str = "", mission_en: str = "") -> dict[str, SiteTree]:
    """Make sure both languages have a home page with the standard pages, the four work
    areas, the four boards and the report library. Returns the trees by language code."""
    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()

    home_ko = HomePage.objects.filter(locale=ko).first()
    if home_ko is None:
        home_ko = HomePage(
            title="북한인권시민연합", slug="home-ko", locale=ko,
            mission=mission_ko or "북한 사람들의 인권과 존엄을 위해 1996년부터 일해 왔습니다.",
        )
        root.add_child(instance=home_ko)
        home_ko.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home_ko, is_default_site=True,
                                site_name="Candle")
        else:
            site.root_page = home_ko
            site.save()
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    home_en = _translated_child(
        home_ko, en, root, title="Citizens' Alliance for North Korean Human Rights",
        mission=mission_en or "Working since 1996 for the rights and dignity of the people of North Korea.",
    )
    trees = {"ko": SiteTree(home=home_ko), "en": SiteTree(home=home_en)}

    for slug, (title_ko, title_en) in STANDARD_PAGES.items():
        page = _child(home_ko, StandardPage, slug, title=title_ko, show_in_menus=slug in {"about", "membership"})
        trees["ko"].standard[slug] = page
        trees["en"].standard[slug] = _translated_child(page, en, home_en, title=title_en)
    for slug, (title_ko, title_en) in WORK_AREA_PAGES.items():
        area = WorkArea.objects.get(slug=slug)
        page = _child(home_ko, WorkAreaPage, slug, title=title_ko, work_area=area, show_in_menus=True)
        trees["ko"].work_areas[slug] = page
        trees["en"].work_areas[slug] = _translated_child(page, en, home_en, title=title_en)
    for slug, (title_ko, title_en) in BOARDS.items():
        page = _child(home_ko, BoardPage, slug, title=title_ko, show_in_menus=slug in {"news", "statements"})
        trees["ko"].boards[slug] = page
        trees["en"].boards[slug] = _translated_child(page, en, home_en, title=title_en)
    slug, title_ko, title_en = LIBRARY
    library = _child(home_ko, ReportIndexPage, slug, title=title_ko, show_in_menus=True)
    trees["ko"].library = library
    trees["en"].library = _translated_child(library, en, home_en, title=title_en)
    return trees


def post_create(
    *,
    board: BoardPage,
    title: str,
    date=None,
    summary: str = "",
    body_html: str = "",
    byline: str = "",
    pinned: bool = False,
    slug: str | None = None,
    categories=(),
    work_areas=(),
    other_boards=(),
    publish: bool = True,
    hit_count: int = 0,
    in_reply_to: PostPage | None = None,
):
    """Create a post under ``board``. ``body_html`` becomes one rich-text block (cleaned)."""
    from django.utils import timezone
    from django.utils.text import slugify

    page = PostPage(
        title=title[:255],
        slug=slug or (slugify(title, allow_unicode=True)[:80] or "post"),
        locale_id=board.locale_id,
        date=date or timezone.now(),
        summary=summary,
        byline=byline,
        pinned=pinned,
        hit_count=hit_count,
        in_reply_to=in_reply_to,
        body=[("paragraph", body_html)] if body_html else [],
        live=publish,
    )
    page.slug = _unique_child_slug(board, page.slug)
    board.add_child(instance=page)
    page.categories.set(categories)
    page.work_areas.set(work_areas)
    page.other_boards.set(other_boards)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def _unique_child_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
