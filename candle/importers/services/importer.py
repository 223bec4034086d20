"""The GnuBoard importer's run (``GnuboardImporter``: boards, then posts by reply depth, then
copies, then comments) and its entry point ``gnuboard_import``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from candle.caching.services import page_cache_paused
from candle.pages.models import Category, PostComment, PostPage
from candle.pages.services import page_statistics_refresh

from ..gnuboard_source import GnuboardSource, SourceError
from ..legacy_html import title_from_board_subject
from ..models import LegacyBoard, LegacyFile, LegacyPost
from .boards import BoardsMixin
from .files import FilesMixin
from .indexing import _deferred_indexing, _index_touched, _unindexed_imports
from .posts import PostsMixin
from .summary import ImportSummary, _Board, _DryRunPost
from .text import _board_slug, _error_text, language_guess, stamps_strip

_BATCH = 500


class GnuboardImporter(BoardsMixin, PostsMixin, FilesMixin):
    def __init__(
        self,
        *,
        source: GnuboardSource,
        files_dir: str | Path | None = None,
        board_slugs: dict[str, str] | None = None,
        english: set[str] | None = None,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
        progress_total: Callable[[int], None] | None = None,
    ):
        self.source = source
        self.files_dir = Path(files_dir) if files_dir else None
        self.board_slugs = board_slugs or {}
        self.english = english or set()
        self.dry_run = dry_run
        self.progress = progress or (lambda n: None)
        self.progress_total = progress_total or (lambda n: None)
        self.summary = ImportSummary(dry_run=dry_run)
        self.pending: list[tuple[_Board, int, str, str, dict]] = []
        self.offered: set[tuple[int, int]] = set()
        self.boards: dict[str, _Board] = {}
        self.posts: dict[tuple[str, int], PostPage | _DryRunPost] = {}
        self.comment_roots: dict[tuple[str, int, int], PostComment] = {}
        self.legacy_posts = {
            (lp.bo_table, lp.wr_id): lp
            for lp in LegacyPost.objects.select_related("post", "comment")
        }
        self.legacy_files = {
            (lf.bo_table, lf.wr_id, lf.bf_no): lf
            for lf in LegacyFile.objects.filter(bf_no__isnull=False)
        }
        self.editor_files = {
            lf.editor_path: lf for lf in LegacyFile.objects.exclude(editor_path="")
        }
        self.categories = {c.name_ko.lower(): c for c in Category.objects.all()}
        self.categories.update({c.name_en.lower(): c for c in Category.objects.all()})

    # --- the run ------------------------------------------------------------------------------
    def run(self) -> ImportSummary:
        summary = self.summary
        summary.members = self.source.member_count()
        board_rows = self.source.boards()
        self._options_check(board_rows)
        loaded = []
        for row in board_rows:
            bo_table = row["bo_table"]
            if not self.source.write_table_exists(bo_table):
                summary.skip(
                    bo_table,
                    _("the board's table %(table)s is missing") % {"table": f"write_{bo_table}"},
                )
                continue
            rows = self.source.rows(bo_table)
            language = "en" if bo_table in self.english else language_guess(rows)
            loaded.append((row, rows, language))
        self._targets_check(loaded)  # a mistake in --board stops the run before any write
        homes = self._homes()
        # Candle addresses of the boards: a board named exactly like its address (news) claims
        # it before one that differs only in case or underscores (News, news_) would.
        self.claimed = {
            (legacy.language, legacy.board.slug): legacy.bo_table
            for legacy in LegacyBoard.objects.select_related("board")
        }
        targets = {}
        for row, _rows, language in sorted(
            loaded, key=lambda item: _board_slug(item[0]["bo_table"]) != item[0]["bo_table"]
        ):
            page = self._board_page(row, language, homes)
            targets[row["bo_table"]] = (page, self.board_new_url, self.board_is_new)
        for row, rows, language in loaded:
            bo_table = row["bo_table"]
            page, new_url, is_new = targets[bo_table]
            board = _Board(
                row=row,
                bo_table=bo_table,
                page=page,
                language=language,
                rows=rows,
                files=self.source.files(bo_table),
                notices={
                    int(n)
                    for n in str(row.get("bo_notice") or "").split(",")
                    if n.strip().isdigit()
                },
            )
            for r in rows:
                if not r.get("wr_is_comment"):
                    board.by_thread[(int(r["wr_num"]), r.get("wr_reply") or "")] = r
            self.boards[bo_table] = board
            summary.boards += 1
            summary.board_targets.append(
                (
                    bo_table,
                    title_from_board_subject(row.get("bo_subject") or ""),
                    language,
                    page.url if page is not None else new_url,
                    is_new,
                )
            )
        self.progress_total(sum(len(b.rows) for b in self.boards.values()))

        originals, copies, comments = [], [], []
        for board in self.boards.values():
            for row in board.rows:
                if row.get("wr_is_comment"):
                    comments.append((board, row))
                    continue
                _content, stamps = stamps_strip(row.get("wr_content") or "")
                if any(s["action"] == "복사" for s in stamps):
                    copies.append((board, row, stamps))
                else:
                    originals.append((board, row, stamps))
        originals.sort(key=lambda item: (len(item[1].get("wr_reply") or ""), item[1]["wr_id"]))
        depth = 0
        for board, row, stamps in originals:
            if len(row.get("wr_reply") or "") != depth or len(self.pending) >= _BATCH:
                self._flush()  # replies need the posts they answer saved first
                depth = len(row.get("wr_reply") or "")
            self._guarded(
                board, row, lambda b=board, r=row, s=stamps: self._post(b, r, s, original=None)
            )
        self._flush()
        for board, row, stamps in copies:
            self._guarded(board, row, lambda b=board, r=row, s=stamps: self._copy(b, r, s))
        comments.sort(
            key=lambda item: (len(item[1].get("wr_comment_reply") or ""), item[1]["wr_id"])
        )
        for board, row in comments:
            self._guarded(board, row, lambda b=board, r=row: self._comment(b, r))
        return summary

    def _guarded(self, board: _Board, row: dict, work: Callable[[], None]) -> None:
        where = f"{board.bo_table}/{row.get('wr_id')}"
        try:
            if self.dry_run:
                work()
            else:
                with transaction.atomic():
                    work()
        except (
            ValidationError,
            SuspiciousOperation,
            ValueError,
            TypeError,
            KeyError,
            OSError,
            DatabaseError,
        ) as error:
            self.summary.skip(
                where, _("could not be imported: %(reason)s") % {"reason": _error_text(error)}
            )
        finally:
            self.progress(1)


def gnuboard_import(
    *,
    source_url: str,
    prefix: str = "g5_",
    files_dir: str | Path | None = None,
    board_slugs: dict[str, str] | None = None,
    english: set[str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_total: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import a GnuBoard5 site. Raises ``SourceError`` (one sentence) if the source can't be read."""
    if files_dir is not None and not Path(files_dir).is_dir():
        raise SourceError(_("The files folder “%(path)s” does not exist.") % {"path": files_dir})
    with GnuboardSource(source_url, prefix=prefix) as source:
        importer = GnuboardImporter(
            source=source,
            files_dir=files_dir,
            board_slugs=board_slugs,
            english=english,
            dry_run=dry_run,
            progress=progress,
            progress_total=progress_total,
        )
        if dry_run:
            return importer.run()
        with page_cache_paused(), _deferred_indexing() as touched:
            started = time.perf_counter()
            summary = importer.run()
            summary.seconds_import = time.perf_counter() - started
            for model, pks in _unindexed_imports().items():
                touched.setdefault(model, set()).update(pks)
            _index_touched(touched)
            summary.seconds_index = time.perf_counter() - started - summary.seconds_import
        page_statistics_refresh()  # PostgreSQL planned without any before autovacuum
        return summary
