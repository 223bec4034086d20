"""Where an old GnuBoard address now lives in Candle. Each returns a URL path or None."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from candle.core.params import int_or_none
from candle.pages.models import Category

from .models import LegacyBoard, LegacyFile, LegacyPost

MAX_ID = 2_147_483_647


def _int(value: str | int | None) -> int | None:
    """An id or page number from an old address: ASCII digits only, bounded (``"²"`` is not a
    number here, though ``str.isdigit`` says it is)."""
    return int_or_none(None if value is None else str(value), minimum=0, maximum=MAX_ID)


def legacy_board_url(
    *, bo_table: str, page: str | int | None = None, category_name: str | None = None
) -> str | None:
    legacy = (
        LegacyBoard.objects.filter(bo_table=(bo_table or "")[:20]).select_related("board").first()
    )
    if legacy is None or not legacy.board.live:
        return None
    url = legacy.board.url
    if url is None:
        return None
    query = {}
    if category_name:
        category = (
            Category.objects.filter(name_ko=category_name[:100]).first()
            or Category.objects.filter(name_en=category_name[:100]).first()
        )
        if category is not None:
            query["category"] = category.slug
    number = _int(page)
    if number and number > 1:
        query["page"] = number
    return url + ("?" + urlencode(query) if query else "")


def legacy_post_url(
    *, bo_table: str, wr_id: str | int | None = None, seo_title: str | None = None
) -> str | None:
    posts = LegacyPost.objects.filter(bo_table=(bo_table or "")[:20]).select_related(
        "post", "comment"
    )
    if seo_title:
        legacy = posts.filter(seo_title=seo_title[:255]).first()
    else:
        number = _int(wr_id)
        legacy = posts.filter(wr_id=number).first() if number is not None else None
    if legacy is None or legacy.post is None or not legacy.post.live:
        return None
    if legacy.comment is not None and not legacy.comment.is_public:
        return None
    return legacy.post.url


def legacy_file_url(
    *, bo_table: str, wr_id: str | int | None, number: str | int | None
) -> str | None:
    wr, no = _int(wr_id), _int(number)
    if wr is None or no is None:
        return None
    bo_table = (bo_table or "")[:20]
    post = LegacyPost.objects.filter(bo_table=bo_table, wr_id=wr).select_related("post").first()
    if post is None or post.post is None or not post.post.live:
        return None  # a secret post's files stay private
    legacy = (
        LegacyFile.objects.filter(bo_table=bo_table, wr_id=wr, bf_no=no)
        .select_related("image", "document")
        .first()
    )
    return legacy.url if legacy is not None else None


_THUMBNAIL = re.compile(r"^thumb-(?P<stem>.+)_\d{1,5}x\d{1,5}\.[A-Za-z0-9]{1,5}$")


def legacy_stored_file_url(*, bo_table: str, name: str) -> str | None:
    """GnuBoard's direct address of an attachment, /data/file/<bo_table>/<bf_file> (its view
    page showed attached images this way), or of a thumbnail GnuBoard made of one."""
    bo_table, name = (bo_table or "")[:20], (name or "")[:255]
    files = LegacyFile.objects.filter(bo_table=bo_table).select_related("image", "document")
    legacy = files.filter(stored_name=name).first() if name else None
    thumbnail = _THUMBNAIL.match(name)
    if legacy is None and thumbnail:
        legacy = files.filter(stored_name__startswith=thumbnail["stem"] + ".").first()
    if legacy is None:
        return None
    post = LegacyPost.objects.filter(bo_table=bo_table, wr_id=legacy.wr_id).select_related("post")
    post = post.first()
    if post is None or post.post is None or not post.post.live:
        return None  # a secret post's files stay private
    return legacy.url or None


def legacy_editor_image_url(*, path: str) -> str | None:
    path = (path or "")[:255]
    images = LegacyFile.objects.filter(image__isnull=False).select_related("image")
    legacy = images.filter(editor_path=path).first()
    folder, _slash, name = path.rpartition("/")
    thumbnail = _THUMBNAIL.match(name)
    if legacy is None and thumbnail and folder:
        legacy = images.filter(editor_path__startswith=f"{folder}/{thumbnail['stem']}.").first()
    return legacy.url if legacy is not None else None


def legacy_board_exists(*, bo_table: str) -> bool:
    return LegacyBoard.objects.filter(bo_table=(bo_table or "")[:20]).exists()
