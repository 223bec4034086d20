"""The board listing table (``BoardListing``): which live posts each board lists, with their
sort keys, so a board page reads one index range instead of sorting every post it has.

Kept by the signal handlers in ``candle.pages.signals`` (publish, unpublish, move; deletes
cascade), by the bulk writers (imports, ``seed_bulk``) calling ``board_listings_refresh``, and
rebuilt whole by ``manage.py board_listings_rebuild``. docs/subsystems/caching.md says why.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from .models import BoardListing, BoardPage, PostPage

_CHUNK = 500


def _boards_for(posts: list[PostPage]) -> dict[int, set[int]]:
    """post id -> ids of the boards that list it: its parent board, and the board in the
    post's language whose translation key matches one of its ``other_boards``."""
    parent_paths = {post.path[: -Page.steplen] for post in posts}
    board_by_path = dict(BoardPage.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    elsewhere = list(
        PostPage.other_boards.through.objects.filter(
            postpage_id__in=[p.pk for p in posts]
        ).values_list("postpage_id", "boardpage__translation_key")
    )
    keys = {key for _, key in elsewhere}
    board_by_key = {
        (locale_id, key): pk
        for pk, locale_id, key in BoardPage.objects.filter(translation_key__in=keys).values_list(
            "pk", "locale_id", "translation_key"
        )
    }
    locale_of = {post.pk: post.locale_id for post in posts}
    result: dict[int, set[int]] = {}
    for post in posts:
        board_id = board_by_path.get(post.path[: -Page.steplen])
        result[post.pk] = {board_id} if board_id else set()
    for post_id, key in elsewhere:
        board_id = board_by_key.get((locale_of[post_id], key))
        if board_id:
            result[post_id].add(board_id)
    return result


def board_listings_refresh(*, post_ids: Iterable[int]) -> int:
    """Make the listing rows of these posts match what they are now (live or not, their boards,
    pinned and date). Returns the number of rows written."""
    post_ids = sorted(set(post_ids))
    written = 0
    for start in range(0, len(post_ids), _CHUNK):
        chunk = post_ids[start : start + _CHUNK]
        posts = list(
            PostPage.objects.filter(pk__in=chunk, live=True).only(
                "path", "locale_id", "pinned", "date"
            )
        )
        boards = _boards_for(posts) if posts else {}
        rows = [
            BoardListing(
                board_id=board_id,
                post_id=post.pk,
                pinned=post.pinned,
                date=post.date,
                year=timezone.localtime(post.date).year,
            )
            for post in posts
            for board_id in sorted(boards[post.pk])
        ]
        with transaction.atomic():
            BoardListing.objects.filter(post_id__in=chunk).delete()
            BoardListing.objects.bulk_create(rows)
        written += len(rows)
    return written


def board_listings_refresh_for_board(*, board: BoardPage) -> int:
    """After a board is published (a new translation, say): refresh every post it may list."""
    post_ids = PostPage.objects.filter(
        Q(path__startswith=board.path, depth=board.depth + 1)
        | Q(locale_id=board.locale_id, other_boards__translation_key=board.translation_key)
    ).values_list("pk", flat=True)
    return board_listings_refresh(post_ids=list(post_ids))


def board_listings_rebuild() -> int:
    """Rebuild the whole table from the page tree."""
    with transaction.atomic():
        BoardListing.objects.all().delete()
        return board_listings_refresh(post_ids=list(PostPage.objects.values_list("pk", flat=True)))
