"""Old GnuBoard addresses answer with a permanent redirect to the same thing in Candle.

Anything unknown raises ``Http404`` and gets the site's normal 404 page."""

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe

from candle.core.params import param_int, param_text

from . import selectors


def _redirect(url: str | None) -> HttpResponsePermanentRedirect:
    if not url:
        raise Http404("No such page on the old site")
    return HttpResponsePermanentRedirect(url)


def _bo_table(request: HttpRequest) -> str:
    return param_text(request.GET, "bo_table", max_length=20)


def _board_redirect(request: HttpRequest, bo_table: str) -> HttpResponsePermanentRedirect:
    """A board's old address, with its ``page`` and ``sca`` (category name) kept."""
    return _redirect(
        selectors.legacy_board_url(
            bo_table=bo_table,
            page=param_int(request.GET, "page", minimum=1, maximum=selectors.MAX_ID),
            category_name=param_text(request.GET, "sca", max_length=100) or None,
        )
    )


@require_safe
def board_php(request: HttpRequest):
    """/bbs/board.php?bo_table=X[&wr_id=N][&page=P][&sca=C]"""
    bo_table = _bo_table(request)
    if param_text(request.GET, "wr_id", max_length=20):
        wr_id = param_int(request.GET, "wr_id", minimum=0, maximum=selectors.MAX_ID)
        return _redirect(selectors.legacy_post_url(bo_table=bo_table, wr_id=wr_id))
    return _board_redirect(request, bo_table)


@require_safe
def download_php(request: HttpRequest):
    """/bbs/download.php?bo_table=X&wr_id=N&no=K"""
    return _redirect(
        selectors.legacy_file_url(
            bo_table=_bo_table(request),
            wr_id=param_int(request.GET, "wr_id", minimum=0, maximum=selectors.MAX_ID),
            number=param_int(request.GET, "no", minimum=0, maximum=selectors.MAX_ID),
        )
    )


@require_safe
def rss_php(request: HttpRequest):
    """/bbs/rss.php?bo_table=X → the board's RSS feed."""
    return rss_php_for(_bo_table(request))


@require_safe
def editor_image(request: HttpRequest, path: str):
    """/data/editor/yymm/name → Candle's copy of an inline image."""
    return _redirect(selectors.legacy_editor_image_url(path=path))


@require_safe
def stored_file(request: HttpRequest, bo_table: str, name: str):
    """/data/file/X/<stored name> → Candle's copy of the attachment."""
    return _redirect(selectors.legacy_stored_file_url(bo_table=bo_table, name=name))


@require_safe
def short_board(request: HttpRequest, bo_table: str):
    """GnuBoard's short address of a board: /X"""
    return _board_redirect(request, bo_table)


@require_safe
def short_post(request: HttpRequest, bo_table: str, wr_id: int):
    """GnuBoard's short address of a post: /X/N"""
    return _redirect(selectors.legacy_post_url(bo_table=bo_table, wr_id=wr_id))


@require_safe
def short_post_number_slash(request: HttpRequest, bo_table: str, wr_id: int):
    """/X/N/: GnuBoard reads what stands before a final slash as a title (a post titled "2024"
    lives at /X/2024/), so the title comes first and the number second."""
    return _redirect(
        selectors.legacy_post_url(bo_table=bo_table, seo_title=str(wr_id))
        or selectors.legacy_post_url(bo_table=bo_table, wr_id=wr_id)
    )


@require_safe
def short_rss(request: HttpRequest, bo_table: str):
    """GnuBoard's short address of a board's feed: /rss/X"""
    return rss_php_for(bo_table)


def rss_php_for(bo_table: str):
    url = selectors.legacy_board_url(bo_table=bo_table)
    return _redirect(url.split("?")[0] + "feed/rss/" if url else None)


@require_safe
def short_post_seo(request: HttpRequest, bo_table: str, seo_title: str):
    """GnuBoard's short address with the post's title: /X/title/"""
    return _redirect(selectors.legacy_post_url(bo_table=bo_table, seo_title=seo_title))
