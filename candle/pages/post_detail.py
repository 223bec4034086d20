"""What a post page shows besides its own fields and its neighbours: its labels, the boards
it is listed on, its comments and their answers, attachments, press coverage and replies
(``post_detail_extras``, for ``PostPage.get_context``). Hot: every uncached post page asks
these, so the reads are few and compiled once (see each function)."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet
from wagtail.models import Page

from candle.core.compiled import rows_compiled

from .models import (
    BoardListing,
    BoardPage,
    PostAttachment,
    PostComment,
    PostMediaLink,
    PostPage,
)
from .selectors import _public_only, categories_by_id, top_of_tree, work_areas_by_id

# What ``_post_links`` reports, by kind: the ids linked to a post, or (for the parts a post
# page shows only when they exist) whether any exists. Table names are filled in from the
# models; the post's id is the only value, always a parameter.
_CATEGORY, _WORK_AREA, _BOARD, _COMMENTS, _ATTACHMENTS, _MEDIA_LINKS, _REPLIES = range(7)
_POST_LINKS = {
    _CATEGORY: "SELECT category_id, {kind} FROM {categories} WHERE postpage_id = %s",
    _WORK_AREA: "SELECT workarea_id, {kind} FROM {work_areas} WHERE postpage_id = %s",
    _BOARD: "SELECT board_id, {kind} FROM {listing} WHERE post_id = %s",
    _COMMENTS: "SELECT 0, {kind} WHERE EXISTS (SELECT 1 FROM {comments} "
    "WHERE post_id = %s AND is_public AND parent_id IS NULL)",
    _ATTACHMENTS: "SELECT 0, {kind} WHERE EXISTS (SELECT 1 FROM {attachments} WHERE post_id = %s)",
    _MEDIA_LINKS: "SELECT 0, {kind} WHERE EXISTS (SELECT 1 FROM {media} WHERE post_id = %s)",
    # whether each reply is live is asked per reply, not joined: PostgreSQL took 0.12 ms to
    # plan the join (the post and page tables' indexes weighed) and takes 0.05 ms for this
    _REPLIES: "SELECT 0, {kind} WHERE EXISTS (SELECT 1 FROM {posts} r WHERE r.in_reply_to_id = %s "
    "AND (SELECT rp.live FROM {pages} rp WHERE rp.id = r.page_ptr_id))",
}


def _post_link_tables() -> dict:
    return {
        "categories": PostPage.categories.through,
        "work_areas": PostPage.work_areas.through,
        "listing": BoardListing,
        "comments": PostComment,
        "attachments": PostAttachment,
        "media": PostMediaLink,
        "posts": PostPage,
        "pages": Page,
    }


def _post_links(post: PostPage, *, kinds: set[int]) -> dict[int, set[int]]:
    """For each of ``kinds``: the categories, work areas and boards (listing rows) linked to
    the post, and whether it has public comments, attachments, media links and live replies;
    one query over the link tables (hand-written: the ORM's union of seven compiled queries
    cost more than the rest of the post page's reads)."""
    connection = connections[DEFAULT_DB_ALIAS]  # the thread's connection, not the proxy
    found: dict[int, set[int]] = {kind: set() for kind in _POST_LINKS}
    wanted = tuple(sorted(kinds))
    if not wanted:
        return found
    statements = connection.__dict__.setdefault("_candle_post_links", {})
    sql = statements.get(wanted)
    if sql is None:  # written once per connection for each set of kinds
        names = {
            key: connection.ops.quote_name(model._meta.db_table)
            for key, model in _post_link_tables().items()
        }
        sql = " UNION ALL ".join(_POST_LINKS[kind].format(kind=kind, **names) for kind in wanted)
        statements[wanted] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [post.pk] * len(wanted))
        for pk, kind in cursor.fetchall():
            found[kind].add(pk)
    return found


def _public_comments_query(post_id: int) -> QuerySet[PostComment]:
    """The post's public top-level comments, then the public answers to them, as one
    statement of two parts, each read by an index (the post's comments, then the answers by
    their parent). Written before as one filter with an OR across a join to the parent, it
    made both databases read every comment of the site: 1-2 ms of PostgreSQL's time a post
    page with 3,000 comments in all, growing with every comment anywhere."""
    public = PostComment.objects.filter(is_public=True).order_by()  # each part unordered
    top = public.filter(post_id=post_id, parent__isnull=True)
    answers = public.filter(parent__in=top.values("pk"))
    return top.union(answers, all=True).order_by("created_at", "pk")  # the model's order


def _public_comments(post: PostPage) -> list[PostComment]:
    """The post's public comments with their public answers (``comment.answers.all``), in one
    query: what ``prefetch_related("answers")`` gives in two (a round trip less per post page).
    An answer is shown under a public top-level comment of this post, as the prefetch did."""
    # ordered by the model's ordering (created_at, pk), as both the list and the prefetch;
    # compiled once per connection (building the ORM's query cost more than the rest of the
    # post page's reads together)
    rows = rows_compiled("post-comments", _public_comments_query, post.pk)
    answers: dict[int, list[PostComment]] = {}
    for row in rows:
        if row.parent_id is not None:
            answers.setdefault(row.parent_id, []).append(row)
    comments = [row for row in rows if row.parent_id is None]
    for comment in comments:
        kept = comment.answers.all()  # unevaluated; filled as a prefetch fills it
        kept._result_cache = answers.get(comment.pk, [])
        kept._prefetch_done = True
        comment._prefetched_objects_cache = {"answers": kept}
    return comments


def post_detail_extras(*, post: PostPage) -> dict:
    """Everything a post page shows besides its own fields.

    One query says which parts the post has (its labels and boards; whether it has comments,
    attachments, media links, replies: most have none) and only the parts it has are read.
    A preview's post carries its draft categories, work areas, other boards, attachments and
    media links in memory: those are used as they are. A post not saved yet (the editor's
    preview of a new post) has no comments, replies or listing rows to ask for."""
    in_memory = getattr(post, "_cluster_related_objects", {})
    saved = post.pk is not None
    kinds = {_COMMENTS, _REPLIES} if saved else set()
    kinds |= {_BOARD} if post.live and saved and "other_boards" not in in_memory else set()
    for kind, name in (
        (_CATEGORY, "categories"),
        (_WORK_AREA, "work_areas"),
        (_ATTACHMENTS, "attachments"),
        (_MEDIA_LINKS, "media_links"),
    ):
        if name not in in_memory and saved:
            kinds.add(kind)
    found = _post_links(post, kinds=kinds)

    def present(kind: int, name: str) -> bool:
        return name in in_memory or bool(found[kind])

    if "categories" in in_memory:
        categories = list(post.categories.all())
    else:
        categories = [c for pk, c in categories_by_id().items() if pk in found[_CATEGORY]]
    if "work_areas" in in_memory:
        areas = list(post.work_areas.all())
    else:
        areas = [a for pk, a in work_areas_by_id().items() if pk in found[_WORK_AREA]]
    boards = None
    if _BOARD in kinds:
        boards = sorted(
            (e for e in top_of_tree().values() if e["id"] in found[_BOARD] and e["live"]),
            key=lambda entry: entry["path"],
        )
    # The boards the post is listed on: for a live post, its listing rows say; a draft (a
    # preview) has none yet, so they are worked out from the tree and the draft's other
    # boards (held in memory by a preview: a list, not a query to nest).
    if not boards:
        if "other_boards" in in_memory:
            other_keys = [board.translation_key for board in post.other_boards.all()]
        else:
            other_keys = post.other_boards.values("translation_key") if saved else []
        boards = [
            {"title": board.title, "url": board.url}
            for board in BoardPage.objects.live()
            .filter(
                Q(pk=post.get_parent().pk) | Q(translation_key__in=other_keys),
                locale_id=post.locale_id,
            )
            .order_by("path")
        ]
    comments = _public_comments(post) if found[_COMMENTS] else []
    replies = []
    if found[_REPLIES]:
        replies = _public_only(
            post.replies.live().only("title", "url_path", "path", "date").order_by("date")
        )
    attachments = []
    if present(_ATTACHMENTS, "attachments"):
        attachments = list(post.attachments.select_related("document"))
    return {
        "attachments": attachments,
        "media_links": list(post.media_links.all()) if present(_MEDIA_LINKS, "media_links") else [],
        "comments": comments,
        "replies": replies,
        "in_reply_to": post.in_reply_to if post.in_reply_to_id and post.in_reply_to.live else None,
        "boards": boards,
        "post_categories": categories,
        "post_work_areas": areas,
    }
