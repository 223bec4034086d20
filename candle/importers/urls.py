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


register_converter(LegacyBoardConverter, "legacy_board")

urlpatterns = [
    path("bbs/board.php", views.board_php, name="legacy_board_php"),
    path("bbs/download.php", views.download_php, name="legacy_download_php"),
    path("bbs/rss.php", views.rss_php, name="legacy_rss_php"),
    path("data/editor/<path:path>", views.editor_image, name="legacy_editor_image"),
    path("data/file/<str:bo_table>/<str:name>", views.stored_file, name="legacy_stored_file"),
    path("<legacy_board:bo_table>", views.short_board, name="legacy_short_board"),
    path("<legacy_board:bo_table>/", views.short_board),
    path("<legacy_board:bo_table>/<int:wr_id>", views.short_post, name="legacy_short_post"),
    path("<legacy_board:bo_table>/<int:wr_id>/", views.short_post_number_slash),
    path("rss/<legacy_board:bo_table>", views.short_rss, name="legacy_short_rss"),
    path(
        "<legacy_board:bo_table>/<str:seo_title>/",
        views.short_post_seo,
        name="legacy_short_post_seo",
    ),
    path("<legacy_board:bo_table>/<str:seo_title>", views.short_post_seo),
]
