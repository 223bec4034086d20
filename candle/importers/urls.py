"""Old GnuBoard addresses (/bbs/…, /data/editor/…, and GnuBoard's short addresses).

The short-address patterns only match a board the importer brought over (``LegacyBoardConverter``
refuses anything else), so they never hide the site's other root addresses."""

from django.urls import path, register_converter

from . import views


class LegacyBoardConverter:
    regex = r"[A-Za-z0-9_]{1,20}"
    reserved = {
        "ko",
        "en",
        "admin",
        "documents",
        "images",
        "api",
        "bbs",
        "data",
        "language",
        "static",
        "media",
    }

    def to_python(self, value: str) -> str:
        from .selectors import legacy_board_exists

        if value.lower() in self.reserved or not legacy_board_exists(bo_table=value):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


class LegacyNameConverter:
    """A file name or a post's title in an old address: one path segment without NUL bytes
    (an old address never holds one, and PostgreSQL refuses one in a query)."""

    regex = r"[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LegacyPathConverter(LegacyNameConverter):
    """A path under /data/editor/: segments without NUL bytes."""

    regex = r"[^\x00]+"


register_converter(LegacyBoardConverter, "legacy_board")
register_converter(LegacyNameConverter, "legacy_name")
register_converter(LegacyPathConverter, "legacy_path")

urlpatterns = [
    path("bbs/board.php", views.board_php, name="legacy_board_php"),
    path("bbs/download.php", views.download_php, name="legacy_download_php"),
    path("bbs/rss.php", views.rss_php, name="legacy_rss_php"),
    path("data/editor/<legacy_path:path>", views.editor_image, name="legacy_editor_image"),
    path(
        "data/file/<legacy_name:bo_table>/<legacy_name:name>",
        views.stored_file,
        name="legacy_stored_file",
    ),
    path("<legacy_board:bo_table>", views.short_board, name="legacy_short_board"),
    path("<legacy_board:bo_table>/", views.short_board),
    path("<legacy_board:bo_table>/<int:wr_id>", views.short_post, name="legacy_short_post"),
    path("<legacy_board:bo_table>/<int:wr_id>/", views.short_post_number_slash),
    path("rss/<legacy_board:bo_table>", views.short_rss, name="legacy_short_rss"),
    path(
        "<legacy_board:bo_table>/<legacy_name:seo_title>/",
        views.short_post_seo,
        name="legacy_short_post_seo",
    ),
    path("<legacy_board:bo_table>/<legacy_name:seo_title>", views.short_post_seo),
]
