"""The bilingual demo site that `manage.py load_demo_content` (and `make demo`) loads.

Every page type in Korean and English, 30+ posts (most translated through wagtail-localize,
one English page written freely, some Korean posts not translated yet), three reports with
generated PDFs, generated illustrations, and demo users. Everything is keyed on slugs and
titles, so a second run finds it all in place and changes nothing. People are fictional.
"""

import importlib
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale

from candle.access.roles import role_label, roles_setup

from ..models import (
    BoardPage,
    Category,
    HomePage,
    PostAttachment,
    PostPage,
    ReportIndexPage,
    ReportPage,
    ReportTopic,
    WorkArea,
    WorkAreaPage,
)
from ..services import (
    page_content_update,
    page_translate,
    page_translation_write,
    post_comment_add,
    post_create,
    report_create,
    site_tree_ensure,
)
from . import pages as content
from .assets import document_ensure, image_ensure, korean_font_available
from .posts import POSTS, DemoPost
from .sections_load import sections_load

DEMO_ADMIN = ("admin", "candle-demo-admin")
# One Korean-speaking account per role (candle.access.roles.ROLES): (username, family name,
# given name, group). Names are visibly made up (예시 = "example"); the password of each is
# demo_password(username); mail goes to <username>@candle.example. None is enrolled in two-factor
# sign-in: those whose role holds personal data are asked to enrol at their first sign-in.
DEMO_STAFF = (
    ("writer", "김", "가명", "Writers"),
    ("editor", "이", "예시", "Editors"),
    ("translator", "박", "번역예시", "Translators"),
    ("supporter-staff", "최", "후원예시", "Supporter staff"),
    ("giving-staff", "정", "기부예시", "Giving staff"),
    ("programme-staff", "한", "행사예시", "Programme staff"),
    ("caseworker", "윤", "사례예시", "Caseworkers"),
    ("case-supervisor", "서", "책임예시", "Case supervisors"),
    ("auditor", "오", "감사예시", "Auditors"),
    ("system-administrator", "강", "관리예시", "System administrators"),
    ("youth-reviewer", "한", "심사예시", "Youth programme reviewers"),
)


def demo_password(username: str) -> str:
    return f"candle-demo-{username}"


OTHER_APPS = ("supporters", "giving")  # each may offer candle/<app>/demo.py with demo_load()
OTHER_APPS += ("casework",)
OTHER_APPS += ("programmes",)
OTHER_APPS += ("advocacy",)
OTHER_APPS += ("programmes.youth",)  # youth programme applications
SEOUL = ZoneInfo("Asia/Seoul")
_BLOCK_IDS = uuid.UUID("6f1c7d0e-2b9a-4d4e-9a53-0c2d1e6a7b10")
BOARD_CATEGORIES = {
    "news": ("activity", "campaign", "urgent-appeal", "un"),
    "statements": ("statement", "urgent-appeal", "un"),
    "press": ("press-release", "un", "campaign"),
    "notices": ("notice",),
}


def demo_content_load(*, stdout=None) -> list[str]:
    """Load everything; returns the lines the command prints."""
    lines = _site_load()
    lines += _workflow_and_staff_load()
    for app in OTHER_APPS:
        try:
            module = importlib.import_module(f"candle.{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"candle.{app}.demo":
                raise
            continue
        if hasattr(module, "demo_load"):
            lines += list(module.demo_load())
    lines += _site_address_load()
    username, password = DEMO_ADMIN
    lines.append(
        f"Sign in at {django_settings.CANDLE_BASE_URL}/admin/ as {username} / {password}"
        " (demo only)."
    )
    lines.append("Staff accounts, one per role (Korean admin; roles with personal data enrol")
    lines.append("a second factor at their first sign-in):")
    for staff_username, _family, _given, group in DEMO_STAFF:
        with translation.override("ko"):
            label = role_label(group)
        lines.append(f"  {staff_username} / {demo_password(staff_username)}  {group} ({label})")
    return lines


def _site_address_load() -> list[str]:
    """The default site's hostname and port set to those of ``CANDLE_BASE_URL`` (which `make
    demo` sets from ``PORT``), so that what Wagtail builds from the site (the API's page
    addresses, the admin's links to the live site) names the address the demo is served on.
    Any host still reaches the default site."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    address = urlsplit(django_settings.CANDLE_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not address.hostname or address.scheme not in ("http", "https"):
        return []
    port = address.port or (443 if address.scheme == "https" else 80)
    if (site.hostname, site.port) == (address.hostname, port):
        return []
    site.hostname, site.port = address.hostname, port
    site.save(update_fields=["hostname", "port"])
    return [f"The demo site answers as {site.root_url}."]


@transaction.atomic
def _site_load() -> list[str]:
    created_before = PostPage.objects.count()
    trees = site_tree_ensure(
        mission_ko=content.HOME["mission"][0], mission_en=content.HOME["mission"][1]
    )
    ko, en = trees["ko"], trees["en"]
    en_locale = Locale.objects.get(language_code="en")
    images = {key: image_ensure(spec) for key, spec in content.IMAGES.items()}
    pdfs = {key: document_ensure(spec) for key, spec in content.PDFS.items()}

    for slug, (intro_ko, intro_en) in content.BOARD_INTROS.items():
        categories = list(Category.objects.filter(slug__in=BOARD_CATEGORIES[slug]))
        for tree in (ko, en):
            if set(tree.boards[slug].categories.all()) != set(categories):
                tree.boards[slug].categories.set(categories)
        board = ko.boards[slug]
        if not board.intro:
            page_content_update(page=board, intro=intro_ko)
            page_translate(
                page=board,
                locale=en_locale,
                translated=BoardPage(
                    title=en.boards[slug].title, slug=en.boards[slug].slug, intro=intro_en
                ),
            )
    for slug, (intro_ko, intro_en) in content.WORK_AREAS.items():
        page = ko.work_areas[slug]
        if not page.intro:
            image = images[content.WORK_AREA_IMAGES[slug]]
            page_content_update(page=page, intro=intro_ko, image=image)
            page_translate(
                page=page,
                locale=en_locale,
                translated=WorkAreaPage(
                    title=en.work_areas[slug].title,
                    slug=en.work_areas[slug].slug,
                    intro=intro_en,
                    work_area=page.work_area,
                    image=image,
                ),
            )
    if not ko.library.intro:
        page_content_update(page=ko.library, intro=content.LIBRARY_INTRO[0])
        page_translate(
            page=ko.library,
            locale=en_locale,
            translated=ReportIndexPage(
                title=en.library.title, slug=en.library.slug, intro=content.LIBRARY_INTRO[1]
            ),
        )
    for slug, languages in content.STANDARD.items():
        for tree, code in ((ko, "ko"), (en, "en")):
            page = tree.standard[slug]
            if not page.body:  # both languages written freely: the Korean says more in places
                text = languages[code]
                page_content_update(
                    page=page, intro=text["intro"], body=_standard_body(slug, code, text)
                )

    posts_ko: dict[str, PostPage] = {}
    for post in POSTS:
        posts_ko[post.slug] = _post_load(post, trees, en_locale, images, pdfs, posts_ko)
    for report in content.REPORTS:
        _report_load(report, trees, en_locale, images, pdfs)
    _home_load(trees, en_locale, images, posts_ko)
    sections = sections_load(trees, en_locale)
    _organisation_load()

    new_posts = PostPage.objects.count() - created_before
    font_note = (
        "" if korean_font_available() else " (no Korean font found: PDFs are in English only)"
    )
    return [
        "Demo content is loaded: "
        f"{PostPage.objects.count()} posts in both languages ({new_posts} new), "
        f"{ReportPage.objects.count()} reports, {len(sections)} section pages, "
        f"{len(images)} images, {len(pdfs)} PDFs{font_note}.",
    ]


def _block_id(key: str, index: int) -> str:
    return str(uuid.uuid5(_BLOCK_IDS, f"{key}/{index}"))


def _stream(key: str, blocks, language: str, images) -> list[dict]:
    """StreamField data for one language; block ids are shared by both languages."""
    stream = []
    for index, block in enumerate(blocks):
        value = block.ko if language == "ko" else block.en
        if block.kind == "image":
            value = {"image": images[block.image].pk, **value}
        elif block.kind == "video":
            value = {"url": block.url, **value}
        elif block.kind == "table":
            value = _table_value(value["caption"], value["rows"])
        stream.append({"type": block.kind, "value": value, "id": _block_id(key, index)})
    return stream


def _table_value(caption: str, rows: list[list[str]]) -> dict:
    heading, *body = rows
    return {
        "caption": caption,
        "table": {
            "columns": [{"type": "text", "heading": text} for text in heading],
            "rows": [{"values": list(row)} for row in body],
        },
    }


def _standard_body(slug: str, language: str, text: dict) -> list[dict]:
    stream = []
    if "table" in text:
        caption, rows = text["table"]
        stream.append(
            {
                "type": "table",
                "value": _table_value(caption, rows),
                "id": _block_id(f"{slug}-{language}", 0),
            }
        )
    links = _site_links(language)
    for index, html in enumerate(text["body"], start=1):
        for name, url in links.items():
            html = html.replace("{" + name + "}", url)
        stream.append(
            {"type": "paragraph", "value": html, "id": _block_id(f"{slug}-{language}", index)}
        )
    return stream


def _site_links(language: str) -> dict[str, str]:
    """Addresses the fixed pages link to, in the page's language (`{join_url}` in their text)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return {
            "join_url": reverse("supporters:join"),
            "me_url": reverse("supporters:access_request"),
        }


def _at_ten(day) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=SEOUL)


def _post_load(post: DemoPost, trees, en_locale, images, pdfs, posts_ko) -> PostPage:
    ko = trees["ko"]
    board = ko.boards[post.board]
    page = PostPage.objects.child_of(board).filter(slug=post.slug).first()
    if page is None:
        page = post_create(
            board=board,
            title=post.title[0],
            slug=post.slug,
            date=_at_ten(post.date),
            summary=post.summary[0],
            byline=post.byline[0],
            pinned=post.pinned,
            hit_count=post.hit_count,
            body=_stream(post.slug, post.blocks, "ko", images),
            image=images[post.image] if post.image else None,
            categories=list(Category.objects.filter(slug__in=post.categories)),
            work_areas=list(WorkArea.objects.filter(slug__in=post.work_areas)),
            other_boards=[ko.boards[slug] for slug in post.other_boards],
            in_reply_to=posts_ko.get(post.in_reply_to),
            attachments=[(pdfs[key], caption[0]) for key, caption in post.attachments],
            media_links=post.media_links,
        )
        for author, text, day in post.comments:
            post_comment_add(post=page, author_name=author, body=text, created_at=_at_ten(day))
    if post.translate is None or page.get_translation_or_none(en_locale) is not None:
        return page
    if post.translate == "free":
        page_translation_write(
            page=page,
            locale=en_locale,
            title=post.title[1],
            slug=post.slug_en or post.slug,
            summary=post.summary[1],
            byline=post.byline[1],
            body=[
                {"type": "paragraph", "value": html, "id": _block_id(f"{post.slug}-en", index)}
                for index, html in enumerate(post.free_en_blocks)
            ],
            attachments=_attachments_in_english(page, post, en_locale),
        )
        return page
    translated = page_translate(
        page=page,
        locale=en_locale,
        translated=PostPage(
            title=post.title[1],
            slug=post.slug_en or post.slug,
            summary=post.summary[1],
            byline=post.byline[1],
            body=_stream(post.slug, post.blocks, "en", images),
            attachments=_attachments_in_english(page, post, en_locale),
        ),
    )
    fixes = {}
    if (
        page.in_reply_to_id
    ):  # wagtail-localize copies the page link as is; point it at the English original
        original_en = page.in_reply_to.get_translation_or_none(en_locale)
        if original_en is not None:
            fixes["in_reply_to"] = original_en.specific
    if any(block.kind == "table" for block in post.blocks):
        # wagtail-localize does not segment typed tables (it copies them in Korean): write them in English
        fixes["body"] = _stream(post.slug, post.blocks, "en", images)
    if fixes:
        page_content_update(page=translated, **fixes)
    return page


def _attachments_in_english(page: PostPage, post: DemoPost, en_locale) -> list:
    """The English attachments of ``page``: the same documents with the English captions,
    paired with the Korean ones by their translation keys (as wagtail-localize pairs them)."""
    return [
        PostAttachment(
            document_id=attachment.document_id,
            caption=caption[1],
            translation_key=attachment.translation_key,
            locale=en_locale,
        )
        for attachment, (_key, caption) in zip(
            page.attachments.order_by("sort_order"), post.attachments, strict=True
        )
    ]


def _report_load(report: dict, trees, en_locale, images, pdfs) -> None:
    library = trees["ko"].library
    page = ReportPage.objects.child_of(library).filter(slug=report["slug"]).first()
    if page is None:
        page = report_create(
            library=library,
            slug=report["slug"],
            title=report["title"][0],
            year=report["year"],
            abstract=report["abstract"][0],
            pdf=pdfs[report["pdf"]],
            document_language=report["language"],
            authors=report["authors"][0],
            cover=images[report["cover"]],
            topics=list(ReportTopic.objects.filter(slug__in=report["topics"])),
        )
    if page.get_translation_or_none(en_locale) is None:
        page_translate(
            page=page,
            locale=en_locale,
            translated=ReportPage(
                title=report["title"][1],
                slug=report["slug"],
                abstract=report["abstract"][1],
                authors=report["authors"][1],
                year=report["year"],
                document_language=report["language"],
                pdf=page.pdf,
                cover=page.cover,
            ),
        )


def _home_load(trees, en_locale, images, posts_ko) -> None:
    home = content.HOME
    highlight_ko = posts_ko[home["highlight_post"]]
    highlight_en = highlight_ko.get_translation_or_none(en_locale)
    for tree, index in ((trees["ko"], 0), (trees["en"], 1)):
        page: HomePage = tree.home
        if page.impact_figures:
            continue
        figures = []
        for number, label, as_of in home["figures"]:
            shown = content.HOME_FIGURE_EN.get(number, number) if index else number
            figures.append(
                ("figure", {"figure": shown, "label": label[index], "as_of": as_of[index]})
            )
        page_content_update(
            page=page,
            mission=home["mission"][index],
            hero_image=images["dawn"],
            highlight_page=highlight_ko if index == 0 else (highlight_en or highlight_ko),
            highlight_label=home["highlight_label"][index],
            highlight_text=home["highlight_text"][index],
            impact_figures=figures,
        )


def _organisation_load() -> None:
    """Fictional contact details and bank accounts for the footer, the contact, give and dues
    pages (the organisation's names are the defaults)."""
    from wagtail.models import Site

    from ..models import BankAccount, OrganisationSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = OrganisationSettings.for_site(site)
    if not settings.registration_number:
        # fictional (all zeros); shown in the footer of both languages, so no Korean marker
        settings.registration_number = "000-82-00000"
        settings.save(update_fields=["registration_number"])
    if not settings.office_hours_ko:
        settings.office_hours_ko = "평일 오전 10시~오후 6시 (점심시간 낮 12시~1시)"
        settings.office_hours_en = "Weekdays 10:00–18:00, Korea time (closed 12:00–13:00)"
        settings.map_url = "https://www.openstreetmap.org/#map=17/37.56640/126.97800"
        settings.save(update_fields=["office_hours_ko", "office_hours_en", "map_url"])
    if not BankAccount.objects.filter(settings=settings).exists():
        for order, (bank_ko, bank_en, number, purpose_ko, purpose_en) in enumerate(
            [
                ("데모은행", "Demo Bank", "000-0000-0000-00", "후원금·회비", "Gifts and dues"),
                ("예시은행", "Example Bank", "111-000000-00-000", "정기후원", "Monthly gifts"),
            ]
        ):
            BankAccount.objects.create(
                settings=settings,
                sort_order=order,
                bank_ko=bank_ko,
                bank_en=bank_en,
                number=number,
                holder_ko="(사)북한인권시민연합 (데모)",
                holder_en="Citizens' Alliance for North Korean Human Rights (demo)",
                purpose_ko=purpose_ko,
                purpose_en=purpose_en,
            )
    if not settings.facebook_url:  # fictional accounts, at example hosts
        settings.facebook_url = "https://facebook.example/nkhr-demo"
        settings.x_url = "https://x.example/nkhr_demo"
        settings.instagram_url = "https://instagram.example/nkhr.demo"
        settings.youtube_url = "https://youtube.example/@nkhr-demo"
        settings.save(update_fields=["facebook_url", "x_url", "instagram_url", "youtube_url"])
    if settings.email:
        return
    settings.address_ko = "서울특별시 예시구 촛불로 12, 3층 (데모용 가상 주소)"
    settings.address_en = "3F, 12 Chotbul-ro, Yesi-gu, Seoul (a fictional demo address)"
    settings.phone = "02-0000-0000"
    settings.email = "info@candle.example"
    settings.founded = date(1996, 5, 4)
    settings.save()


def _workflow_and_staff_load() -> list[str]:
    """The roles (``setup_roles``: groups, permissions, the review workflow) and one account
    per role. Returns the roles' notes (permissions of apps not installed yet)."""
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    notes = [f"Roles: {note}" for note in roles_setup()]
    user_model = get_user_model()
    username, password = DEMO_ADMIN
    admin, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "is_superuser": True,
            "is_staff": True,
            "email": "admin@candle.example",
            "first_name": "관리예시",
            "last_name": "강",
        },
    )
    if created:
        admin.set_password(password)
        admin.save()
    _korean_admin(UserProfile.get_for_user(admin))
    for staff_username, family_name, given_name, group_name in DEMO_STAFF:
        user, created = user_model.objects.get_or_create(
            username=staff_username,
            defaults={
                "first_name": given_name,
                "last_name": family_name,
                "email": f"{staff_username}@candle.example",
                "is_staff": False,
            },
        )
        if created:
            user.set_password(demo_password(staff_username))
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
        _korean_admin(UserProfile.get_for_user(user))
    return notes


def _korean_admin(profile) -> None:
    if profile.preferred_language != "ko":
        profile.preferred_language = "ko"
        profile.save(update_fields=["preferred_language"])
