"""Writes to the public site's structure. Idempotent: every function keys on slugs, so running
it twice changes nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import (
    BoardPage,
    HomePage,
    PostPage,
    ReportIndexPage,
    StandardPage,
    WorkArea,
    WorkAreaPage,
)

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
    areas, the four boards and the report library. Returns the trees by language code.

    The main menu (``show_in_menus``) gets about, membership, the four boards and the library:
    what fits one row of the header on a desktop screen in both languages. The work areas are
    reached from the home page's "Our work" links, the sitemap and the posts' labels."""
    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()

    home_ko = HomePage.objects.filter(locale=ko).first()
    if home_ko is None:
        home_ko = HomePage(
            title="북한인권시민연합",
            slug="home-ko",
            locale=ko,
            mission=mission_ko or "북한 사람들의 인권과 존엄을 위해 1996년부터 일해 왔습니다.",
        )
        root.add_child(instance=home_ko)
        home_ko.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home_ko,
                is_default_site=True,
                site_name="Candle",
            )
        else:
            site.root_page = home_ko
            site.save()
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    home_en = _translated_child(
        home_ko,
        en,
        root,
        title="Citizens' Alliance for North Korean Human Rights",
        mission=mission_en
        or "Working since 1996 for the rights and dignity of the people of North Korea.",
    )
    trees = {"ko": SiteTree(home=home_ko), "en": SiteTree(home=home_en)}

    for slug, (title_ko, title_en) in STANDARD_PAGES.items():
        page = _child(
            home_ko,
            StandardPage,
            slug,
            title=title_ko,
            show_in_menus=slug in {"about", "membership"},
        )
        trees["ko"].standard[slug] = page
        trees["en"].standard[slug] = _translated_child(page, en, home_en, title=title_en)
    for slug, (title_ko, title_en) in WORK_AREA_PAGES.items():
        area = WorkArea.objects.get(slug=slug)
        page = _child(
            home_ko, WorkAreaPage, slug, title=title_ko, work_area=area, show_in_menus=False
        )
        trees["ko"].work_areas[slug] = page
        trees["en"].work_areas[slug] = _translated_child(page, en, home_en, title=title_en)
    for slug, (title_ko, title_en) in BOARDS.items():
        page = _child(home_ko, BoardPage, slug, title=title_ko, show_in_menus=True)
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
    body: list | None = None,
    image=None,
    attachments=(),
    media_links=(),
):
    """Create a post under ``board``. ``body_html`` becomes one rich-text block (cleaned);
    ``body`` (StreamField data: ``(type, value)`` pairs or ``{"type", "value", "id"}`` dicts)
    is used instead when given. ``attachments`` are ``(document, caption)`` pairs and
    ``media_links`` ``(title, url, outlet, published)`` tuples."""
    from django.utils import timezone
    from django.utils.text import slugify

    from .models import PostAttachment, PostMediaLink

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
        body=body if body is not None else ([("paragraph", body_html)] if body_html else []),
        image=image,
        live=publish,
    )
    page.slug = _unique_child_slug(board, page.slug)
    page.attachments = [
        PostAttachment(document=document, caption=caption[:255])
        for document, caption in attachments
    ]
    page.media_links = [
        PostMediaLink(title=title[:300], url=url, outlet=outlet, published=published)
        for title, url, outlet, published in media_links
    ]
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


def post_save_imported(
    *,
    board: BoardPage,
    post: PostPage | None,
    title: str,
    date,
    body: list,
    summary: str = "",
    byline: str = "",
    pinned: bool = False,
    hit_count: int = 0,
    in_reply_to: PostPage | None = None,
    categories=(),
    other_boards=(),
    attachments: list | None = None,
    media_links: list | None = None,
    publish: bool = True,
) -> PostPage:
    """Create (``post=None``) or update a post brought over from another system, with its
    attachments (``[(document, caption)]``) and links (``[(title, url)]``), in one revision.
    ``body`` is a list of StreamField ``(block_type, value)`` pairs. Used by candle.importers."""
    from django.utils.text import slugify

    from .models import PostAttachment, PostMediaLink

    if post is None:
        post = PostPage(
            slug=_unique_child_slug(board, slugify(title, allow_unicode=True)[:80] or "post"),
            locale_id=board.locale_id,
        )
    post.title = title[:255] or "-"
    post.date = date
    post.summary = summary[:1000]
    post.byline = byline[:200]
    post.pinned = pinned
    post.hit_count = max(0, int(hit_count or 0))
    post.in_reply_to = in_reply_to
    post.body = body
    if post.pk is None:
        post.live = publish
    post.attachments = [
        PostAttachment(document=document, caption=caption[:255])
        for document, caption in attachments or []
    ]
    post.media_links = [
        PostMediaLink(title=link_title[:300], url=url) for link_title, url in media_links or []
    ]
    post.categories = list(categories)
    post.other_boards = list(other_boards)
    if post.pk is None:
        board.add_child(instance=post)
    else:
        post.save()
    revision = post.save_revision()
    if publish:
        revision.publish()
    elif post.live:
        post.unpublish()
    return post


def posts_bulk_create_imported(*, board: BoardPage, items: list[dict]) -> list[PostPage]:
    """Create many new posts under ``board`` at once, for an import of thousands of posts.

    Each item holds ``post_save_imported``'s arguments (title, date, body, summary, byline,
    pinned, hit_count, in_reply_to, categories, other_boards, attachments, media_links,
    publish). Instead of Wagtail's clean/save/revision/publish cycle per post, this writes the
    tree paths itself and inserts each row once; the posts get no revision (the first edit in
    the admin makes one) and no search indexing or cache purge, which the caller does once for
    the whole import. Call it inside a transaction."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, Model
    from django.utils.text import slugify

    from .models import PostAttachment, PostMediaLink

    if not items:
        return []
    board = BoardPage.objects.get(pk=board.pk)  # fresh path and numchild
    last = board.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    taken = set(
        Page.objects.filter(path__startswith=board.path, depth=board.depth + 1).values_list(
            "slug", flat=True
        )
    )
    content_type = ContentType.objects.get_for_model(PostPage)
    posts = []
    for item in items:
        slug = base = slugify(item["title"], allow_unicode=True)[:80] or "post"
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        position += 1
        publish = item.get("publish", True)
        title = item["title"][:255] or "-"
        post = PostPage(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            locale_id=board.locale_id,
            path=Page._get_path(board.path, board.depth + 1, position),
            depth=board.depth + 1,
            numchild=0,
            url_path=f"{board.url_path}{slug}/",
            live=publish,
            has_unpublished_changes=not publish,
            first_published_at=item["date"] if publish else None,
            last_published_at=item["date"] if publish else None,
            date=item["date"],
            summary=item.get("summary", "")[:1000],
            byline=item.get("byline", "")[:200],
            pinned=item.get("pinned", False),
            hit_count=max(0, int(item.get("hit_count") or 0)),
            in_reply_to=item.get("in_reply_to"),
            body=item.get("body") or [],
        )
        Model.save_base(post)  # the page row and the post row; none of Page.save()'s per-save work
        posts.append(post)
    Page.objects.filter(pk=board.pk).update(numchild=F("numchild") + len(posts))
    attachments, links, categories, boards = [], [], [], []
    for post, item in zip(posts, items, strict=True):
        attachments += [
            PostAttachment(
                post=post,
                document=document,
                caption=caption[:255],
                sort_order=order,
                locale_id=post.locale_id,  # bulk_create skips the signal that sets it
            )
            for order, (document, caption) in enumerate(item.get("attachments") or [])
        ]
        links += [
            PostMediaLink(post=post, title=title[:300], url=url, sort_order=order)
            for order, (title, url) in enumerate(item.get("media_links") or [])
        ]
        categories += [
            PostPage.categories.through(postpage=post, category=c)
            for c in item.get("categories") or []
        ]
        boards += [
            PostPage.other_boards.through(postpage=post, boardpage=b)
            for b in item.get("other_boards") or []
        ]
    PostAttachment.objects.bulk_create(attachments)
    PostMediaLink.objects.bulk_create(links)
    PostPage.categories.through.objects.bulk_create(categories)
    PostPage.other_boards.through.objects.bulk_create(boards)
    from .listings import board_listings_refresh

    board_listings_refresh(post_ids=[post.pk for post in posts])
    return posts


@transaction.atomic
def page_translate(*, page: Page, locale: Locale, translated: Page, publish: bool = True) -> Page:
    """Translate ``page`` into ``locale`` through wagtail-localize, so the translation keeps
    its source and shows its status in the admin (and can later be re-synced or edited in
    the translation editor).

    ``translated`` is an unsaved instance of the same type holding the translated text: its
    text fields and StreamField blocks mirror ``page``'s (same block ids, same number of
    paragraphs), so each source string finds its translation at the same place. Raises
    ``ValueError`` when they do not line up, rather than publishing a half-translated page."""
    from collections import defaultdict

    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    page = page.specific_class.objects.get(pk=page.pk)  # what is saved, not a stale instance
    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    targets: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(translated):
        if isinstance(segment, StringSegmentValue):
            targets[segment.path].append(segment.string.data)
    source_segments = (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    for segment in source_segments:
        candidates = targets.get(segment.context.path)
        if not candidates:
            raise ValueError(f"No translation for {segment.context.path!r} of {page!r}")
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": candidates.pop(0),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    leftovers = {path: values for path, values in targets.items() if values}
    if leftovers:
        raise ValueError(f"Translated text with no source in {page!r}: {sorted(leftovers)}")
    # wagtail-localize publishes in transaction.on_commit; publish here so that the page is live
    # when this function returns (inside an outer transaction too, e.g. in tests).
    translation.save_target(publish=False)
    translated_page = page.get_translation(locale).specific
    if publish:
        translated_page.get_latest_revision().publish()
        translated_page.refresh_from_db()
    return translated_page


@transaction.atomic
def page_content_update(*, page: Page, publish: bool = True, **fields) -> Page:
    """Set ``fields`` on ``page`` (e.g. a standard page's intro and body, a translation an
    editor writes freely) and save one revision, published unless ``publish=False``."""
    # A fresh copy: an instance loaded before children were added has a stale ``numchild``,
    # and saving it would hide those children from routing.
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


@transaction.atomic
def report_create(
    *,
    library: ReportIndexPage,
    slug: str,
    title: str,
    year: int,
    abstract: str,
    pdf,
    document_language: str = "ko",
    authors: str = "",
    cover=None,
    topics=(),
    publish: bool = True,
):
    """Add a report (with its PDF) to the library; returns the existing one if ``slug`` is taken."""
    from .models import ReportPage

    existing = ReportPage.objects.child_of(library).filter(slug=slug).first()
    if existing is not None:
        return existing
    report = ReportPage(
        title=title[:255],
        slug=slug,
        locale_id=library.locale_id,
        year=year,
        abstract=abstract,
        pdf=pdf,
        document_language=document_language,
        authors=authors,
        cover=cover,
        live=publish,
    )
    report.topics = list(topics)
    library.add_child(instance=report)
    revision = report.save_revision()
    if publish:
        revision.publish()
    return report


def page_translation_write(*, page: Page, locale: Locale, **fields) -> Page:
    """An English (or Korean) version written freely by an editor, not synced with its source
    page: a copy in ``locale`` with ``fields`` set, published. Returns an existing one as is."""
    return _translated_child(page.specific, locale, None, **fields)


def post_comment_add(*, post: PostPage, author_name: str, body: str, created_at, parent=None):
    """Keep a reader's comment under a post (from the old site or the demo); idempotent."""
    from .models import PostComment

    comment, _ = PostComment.objects.get_or_create(
        post=post,
        author_name=author_name[:255],
        created_at=created_at,
        defaults={"body": body, "parent": parent},
    )
    return comment


def page_statistics_refresh(using: str = "default") -> list[str]:
    """ANALYZE the tables that bulk work fills (pages, posts, board listings, categories,
    the search index) on PostgreSQL; returns the tables analysed. SQLite is left as it is: its
    planner works without statistics, and our hand-written statements are written for that.

    Without statistics (after a bulk import, ``seed_bulk``, a restore, before autovacuum has
    looked) PostgreSQL guesses a table's size. It then planned the search statement as a
    nested loop over every page for every match (minutes), and read a board's page 200 by
    sorting all of the board's rows (9 ms) instead of walking the listing index (1 ms). Call
    it at the end of any bulk write."""
    from django.db import connections
    from modelsearch.conf import get_app_config

    from .models import BoardListing

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    models = (
        Page,
        PostPage,
        BoardListing,
        PostPage.categories.through,
        get_app_config().get_model("IndexEntry"),
    )
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
