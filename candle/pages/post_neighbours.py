"""What a post page shows at its end besides its own content: the previous and next post on
its board, and a few related posts (the same categories, else the same board).

Read from the board listing rows (``BoardListing``: live posts only, one row per board a post
is listed on, with the post's date), never by sorting the page tree. Kept with the post's and
its board's addresses (``cached_for_paths``): publishing, moving or removing this post or
any post on its board purges the board's address, and so this. A related post from another
board may be shown up to an hour after it was taken down there (``cached_for_paths``' timeout),
never a private one (the rows of posts under a view restriction are left out)."""

from django.db.models import Q

from candle.caching.store import cached_for_paths

from .models import BoardListing
from .selectors import _private_rows, top_of_tree

RELATED_COUNT = 3


def _link(row) -> dict:
    """A listing row's post as ``{"id", "title", "url", "date"}``."""
    post = row.post
    return {"id": post.pk, "title": post.title, "url": post.get_url(), "date": row.date}


def _rows(board_id: int | None = None):
    rows = BoardListing.objects.exclude(_private_rows()).select_related("post")
    rows = rows.only("date", "post_id", "post__title", "post__url_path", "post__path")
    return rows.filter(board_id=board_id) if board_id is not None else rows


def _board_of(post) -> dict | None:
    """The board the post lives under (its parent), from the kept top of the tree."""
    return top_of_tree().get(post.path[: -post.steplen]) if post.path else None


def _older_and_newer(post, board_id: int):
    """The listing rows of the post just older and just newer than ``post`` on the board,
    by date (whether ``post`` itself is listed or not: it may be leaving the board)."""
    date, pk = post.date, post.pk
    on_board = _rows(board_id).exclude(post_id=pk)
    older = on_board.filter(Q(date__lt=date) | Q(date=date, post_id__lt=pk))
    newer = on_board.filter(Q(date__gt=date) | Q(date=date, post_id__gt=pk))
    return (
        older.order_by("-date", "-post_id").first(),
        newer.order_by("date", "post_id").first(),
    )


def post_neighbour_addresses(post) -> set[str]:
    """The addresses of the posts beside ``post`` on its board, whose pages show it as their
    older or newer post: what the page cache purges when ``post`` is published, changed or
    taken down (``candle.caching.purge``)."""
    board = _board_of(post)
    if post.pk is None or board is None:
        return set()
    return {row.post.get_url() for row in _older_and_newer(post, board["id"]) if row} - {None}


def post_neighbours(*, post, category_ids=(), request=None) -> dict:
    """``{"previous": link or None, "next": link or None, "related": [link, …]}`` for ``post``:
    ``previous`` is the older post on its board, ``next`` the newer one (by date, as the board
    lists them, pinned or not); ``related`` up to three other live posts of the same language
    sharing a category with it, newest first, then the newest others of its board. Empty for
    a post not saved yet or not live (a preview): its neighbours are not settled. Kept under
    the post's and its board's paths as a purge names them (``get_url_parts``), worked out
    from ``request``'s site root paths when given (Wagtail reads them from its cache again
    without one)."""
    empty = {"previous": None, "next": None, "related": []}
    board = _board_of(post)
    if post.pk is None or not post.live or board is None or not post.url_path:
        return empty
    categories = sorted(set(category_ids))

    def compute() -> dict:
        pk = post.pk
        on_board = _rows(board["id"]).exclude(post_id=pk)
        previous, following = _older_and_newer(post, board["id"])
        related: dict[int, dict] = {}
        if categories:
            same = (
                _rows()
                .filter(board__locale_id=post.locale_id, post__categories__in=categories)
                .exclude(post_id=pk)
                .order_by("-date", "-post_id")
            )
            for row in same[: RELATED_COUNT * 4]:
                related.setdefault(row.post_id, _link(row))
        if len(related) < RELATED_COUNT:
            for row in on_board.order_by("-date", "-post_id")[: RELATED_COUNT * 2]:
                related.setdefault(row.post_id, _link(row))
        return {
            "previous": _link(previous) if previous else None,
            "next": _link(following) if following else None,
            "related": list(related.values())[:RELATED_COUNT],
        }

    parts = post.get_url_parts(request)
    post_path = parts[2] if parts else None
    if not post_path or not board["url"]:
        return compute()
    key = f"post-neighbours:v1:{post.pk}:{','.join(map(str, categories))}"
    return cached_for_paths([post_path, board["url"]], key, compute)
