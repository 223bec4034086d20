"""Bringing a GnuBoard5 site into Candle: boards, posts, replies, comments, attachments and
inline images. Idempotent: every row is keyed on its GnuBoard id (``LegacyPost``/``LegacyFile``)
with a fingerprint of its source, so a second run updates what changed and creates nothing
twice. A bad row is reported and skipped; it never stops the run.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.models import Locale

from candle.caching.services import page_cache_paused
from candle.core.models import CandleDocument, CandleImage
from candle.core.uploads import document_file_validate
from candle.pages.models import BoardPage, Category, HomePage, PostComment, PostPage
from candle.pages.services import (
    page_statistics_refresh,
    post_save_imported,
    posts_bulk_create_imported,
    site_tree_ensure,
)

from .gnuboard_source import GnuboardSource, SourceError, kst_datetime
from .legacy_html import (
    CleanResult,
    body_from_html,
    body_from_text,
    title_from_board_subject,
    title_from_subject,
)
from .models import LegacyBoard, LegacyFile, LegacyPost

# "[이 게시물은 {nick}님에 의해 {Y-m-d H:i:s} {board subject}에서 {복사|이동} 됨]" (bbs/move_update.php),
# wrapped in <div class="content_copy|content_move"> in HTML posts. Matched only where it can
# start (the last "[이 게시물은 "), never by a search over the body: a search with leading \s*
# was cubic in a long run of spaces.
_STAMP = re.compile(
    r"\[이 게시물은 (?P<nick>.*?)님에 의해 (?P<when>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?P<board>.*?)에서 (?P<action>복사|이동) 됨\]",
    re.S,
)
_STAMP_OPENERS = ('<div class="content_copy">', '<div class="content_move">')
_EDITOR_SRC = re.compile(r"/data/editor/(\d{4}/[^/?#\"'\s]+)$")
_EDITOR_ANY = re.compile(r"/data/editor/(\d{4}/[^/?#\"'\s<>]+)")
_TAG = re.compile(r"<[^<>]*>")  # [^<>], not [^>]: linear even in a body of a thousand "<"
_SCRIPT = re.compile(r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_IMAGE_TYPES = {1, 2, 3, 18}  # bf_type: GIF, JPEG, PNG, WEBP (PHP getimagesize constants)
_MAX_FILE_BYTES = 50 * 1024 * 1024
_BATCH = 500


@dataclass
class ImportSummary:
    boards: int = 0
    posts: int = 0
    replies: int = 0
    comments: int = 0
    files: int = 0
    inline_images: int = 0
    copies: int = 0
    moved: int = 0
    members: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    removed_from_html: Counter = field(default_factory=Counter)
    # (bo_table, GnuBoard title, language, Candle address, made by this run)
    board_targets: list[tuple[str, str, str, str, bool]] = field(default_factory=list)
    dry_run: bool = False
    seconds_import: float = 0.0
    seconds_index: float = 0.0

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))

    def as_dict(self) -> dict:
        return {
            "boards": self.boards,
            "posts": self.posts,
            "replies": self.replies,
            "comments": self.comments,
            "files": self.files,
            "inline_images": self.inline_images,
            "copies": self.copies,
            "moved": self.moved,
            "members": self.members,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "dry_run": self.dry_run,
            "seconds_import": round(self.seconds_import, 2),
            "seconds_index": round(self.seconds_index, 2),
        }


@dataclass
class _Board:
    row: dict
    bo_table: str
    page: BoardPage | None
    language: str
    rows: list[dict]
    files: dict[int, list[dict]]
    notices: set[int]
    by_thread: dict[tuple[int, str], dict] = field(default_factory=dict)


class _DryRunPost:
    """Stands in for a post a dry run would create."""

    pk = None


_DRY = _DryRunPost()


def _fingerprint(value) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def language_guess(rows: list[dict]) -> str:
    """'en' when a board's text is clearly English (almost no Hangul), else 'ko'."""
    hangul = latin = 0
    for row in rows[:500]:
        text = _TAG.sub(" ", f"{row.get('wr_subject', '')} {row.get('wr_content', '')}")
        hangul += len(_HANGUL.findall(text))
        latin += len(_LATIN.findall(text))
    return "en" if latin >= 20 and hangul <= latin * 0.02 else "ko"


def stamps_strip(content: str) -> tuple[str, list[dict]]:
    """Remove GnuBoard's copy/move notes from the end of a body; return them, newest last."""
    content = content or ""
    stamps = []
    while True:
        end = content.rstrip()
        closed = end.endswith("</div>")
        if closed:
            end = end[: -len("</div>")].rstrip()
        start = end.rfind("[이 게시물은 ")
        match = _STAMP.fullmatch(end, start) if start >= 0 and end.endswith("됨]") else None
        if match is None:
            break
        head = end[:start].rstrip()
        opener = next((o for o in _STAMP_OPENERS if head.endswith(o)), None)
        if closed and opener is None:
            break  # a </div> that is not the stamp's own belongs to the post
        if opener is not None:
            head = head[: -len(opener)].rstrip()
        stamps.insert(0, match.groupdict())
        content = head
    return content, stamps


class GnuboardImporter:
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

    # --- boards -------------------------------------------------------------------------------
    def _options_check(self, board_rows: list[dict]) -> None:
        """--board and --english name boards GnuBoard has (a typo must not pass unnoticed)."""
        known = {row["bo_table"] for row in board_rows}
        for option, names in (("--board", self.board_slugs), ("--english", self.english)):
            unknown = sorted(set(names) - known)
            if unknown:
                raise SourceError(
                    _(
                        "%(option)s names “%(table)s”, but GnuBoard has no such board (its boards: %(boards)s)."
                    )
                    % {
                        "option": option,
                        "table": unknown[0],
                        "boards": ", ".join(sorted(known)) or "—",
                    }
                )

    def _targets_check(self, loaded: list[tuple[dict, list[dict], str]]) -> None:
        for row, _rows, language in loaded:
            slug = self.board_slugs.get(row["bo_table"])
            if slug is None:
                continue
            home = HomePage.objects.filter(locale__language_code=language).first()
            if home is None or not BoardPage.objects.child_of(home).filter(slug=slug).exists():
                raise SourceError(
                    _(
                        "There is no board with the address “%(slug)s” in the %(language)s site for --board %(table)s."
                    )
                    % {"slug": slug, "language": language_name(language), "table": row["bo_table"]}
                )

    def _homes(self) -> dict[str, HomePage | None]:
        if not self.dry_run:
            site_tree_ensure()
        homes = {}
        for code in ("ko", "en"):
            homes[code] = HomePage.objects.filter(locale__language_code=code).first()
        return homes

    def _board_page(self, row: dict, language: str, homes: dict) -> BoardPage | None:
        bo_table = row["bo_table"]
        legacy = LegacyBoard.objects.filter(bo_table=bo_table).select_related("board").first()
        wanted_slug = self.board_slugs.get(bo_table)
        home = homes.get(language)
        self.board_is_new = False
        self.board_new_url = None
        if legacy is not None and wanted_slug is None:
            return legacy.board
        slug = wanted_slug or self._board_slug_free(bo_table, language, home)
        self.claimed.setdefault((language, slug), bo_table)
        page = BoardPage.objects.child_of(home).filter(slug=slug).first() if home else None
        if page is None and wanted_slug:
            raise SourceError(
                _(
                    "There is no board with the address “%(slug)s” in the %(language)s site for --board %(table)s."
                )
                % {"slug": wanted_slug, "language": language_name(language), "table": bo_table}
            )
        self.board_is_new = page is None
        if self.dry_run:
            if page is None:
                self.board_new_url = f"/{language}/{slug}/"
            return page
        if page is None:
            page = BoardPage(
                title=title_from_board_subject(row.get("bo_subject") or bo_table)[:255] or bo_table,
                slug=slug,
                locale=Locale.objects.get(language_code=language),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        LegacyBoard.objects.update_or_create(
            bo_table=bo_table,
            defaults={"board": page, "language": language, "subject": row.get("bo_subject") or ""},
        )
        return page

    def _board_slug_free(self, bo_table: str, language: str, home: HomePage | None) -> str:
        """The board's address, made from its name: ``news`` for news, then ``news-2``, … when
        another GnuBoard board already went there (News and news, which MariaDB keeps apart on
        a case-sensitive file system; news and news_). Only the first may join an existing
        Candle board of that address; the others get new boards."""
        base = _board_slug(bo_table)
        slug, number = base, 1
        while self.claimed.get((language, slug), bo_table) != bo_table or (
            number > 1
            and home is not None
            and BoardPage.objects.child_of(home).filter(slug=slug).exists()
        ):
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _category(self, board: _Board, name: str) -> Category | None:
        name = (name or "").strip()[:100]
        if not name:
            return None
        category = self.categories.get(name.lower())
        if category is None:
            if self.dry_run:
                return None
            slug = slugify(name)[:40] or "gnuboard-" + hashlib.sha1(name.encode()).hexdigest()[:8]  # noqa: S324
            category, _created = Category.objects.get_or_create(
                slug=slug, defaults={"name_ko": name, "name_en": name}
            )
            self.categories[name.lower()] = category
        if (
            board.page is not None
            and not self.dry_run
            and (board.page.pk, category.pk) not in self.offered
        ):
            board.page.categories.add(category)  # the board offers it as a filter
            self.offered.add((board.page.pk, category.pk))
        return category

    # --- posts --------------------------------------------------------------------------------
    def _post(self, board: _Board, row: dict, stamps: list[dict], *, original) -> None:
        wr_id = int(row["wr_id"])
        key = (board.bo_table, wr_id)
        date = kst_datetime(row.get("wr_datetime"))
        if date is None:
            raise ValueError(
                _("its date “%(date)s” is not a date") % {"date": row.get("wr_datetime")}
            )
        reply_path = row.get("wr_reply") or ""
        parent = None
        if reply_path:
            parent_row = board.by_thread.get((int(row["wr_num"]), reply_path[:-1]))
            parent = (
                self.posts.get((board.bo_table, int(parent_row["wr_id"]))) if parent_row else None
            )
            if parent is None:
                self.summary.skip(
                    f"{board.bo_table}/{wr_id}",
                    _("the post it answers is missing; imported as a post"),
                )
        if any(s["action"] == "이동" for s in stamps):
            self.summary.moved += 1
        files = board.files.get(wr_id, [])
        fingerprint = _fingerprint(
            {
                k: row.get(k)
                for k in (
                    "wr_subject",
                    "wr_content",
                    "ca_name",
                    "wr_option",
                    "wr_name",
                    "wr_datetime",
                    "wr_hit",
                    "wr_link1",
                    "wr_link2",
                    "wr_reply",
                    "wr_seo_title",
                )
            }
            | {
                "notice": wr_id in board.notices,
                "files": [
                    (f["bf_no"], f["bf_file"], f["bf_source"], f["bf_content"]) for f in files
                ],
                "board": board.page.pk if board.page else None,
            }
            # files not in the folder (yet): when they arrive, the next run brings them over
            | ({"missing": missing} if (missing := self._missing_files(board, row, files)) else {})
        )
        legacy = self.legacy_posts.get(key)
        self.summary.posts += 1
        if reply_path:
            self.summary.replies += 1
        if legacy is not None and legacy.fingerprint == fingerprint and legacy.post_id:
            self.summary.unchanged += 1
            self._files_count(row, files, missing)
            self.posts[key] = legacy.post
            if not self.dry_run:
                self._stored_names_fill(board, wr_id, files)
            if missing:  # said again on every run until the files are there
                self._missing_report(board, wr_id, missing)
            return
        if self.dry_run:
            self.summary.updated += 1 if legacy else 0
            self.summary.created += 0 if legacy else 1
            self._files_count(row, files, missing)
            if missing:
                self._missing_report(board, wr_id, missing)
            self.posts[key] = legacy.post if legacy and legacy.post_id else _DRY
            return

        content, _stamps = stamps_strip(row.get("wr_content") or "")
        title = title_from_subject(row.get("wr_subject") or "") or _("(no title)")
        option = str(row.get("wr_option") or "")
        if "html1" in option or "html2" in option:
            if "html2" in option:
                content = content.replace("\r\n", "\n").replace("\n", "<br>")
            cleaned = body_from_html(
                content, image_for=lambda src: self._editor_image(src, title), video_title=title
            )
        else:
            cleaned = body_from_text(content)
        self.summary.removed_from_html.update(item.split(" ")[0] for item in cleaned.removed)
        images, documents = self._attachments(board, wr_id, files, title, secret="secret" in option)
        body = [
            ("image", {"image": image, "alt_text": alt, "caption": caption})
            for image, alt, caption in images
        ]
        body += cleaned.blocks
        links = []
        for field_name in ("wr_link1", "wr_link2"):
            url = _link_url(row.get(field_name) or "")
            if url:
                links.append((url, url))
            elif row.get(field_name):
                self.summary.skip(
                    f"{board.bo_table}/{wr_id}",
                    _("link “%(link)s” is not a web address") % {"link": str(row[field_name])[:80]},
                )
        category = self._category(board, row.get("ca_name") or "")
        item = {
            "title": title,
            "date": date,
            "body": body,
            "summary": _summary(cleaned),
            "byline": str(row.get("wr_name") or "")[:200],
            "pinned": wr_id in board.notices,
            "hit_count": int(row.get("wr_hit") or 0),
            "in_reply_to": parent if isinstance(parent, PostPage) else None,
            "categories": [category] if category else [],
            "other_boards": list(legacy.post.other_boards.all())
            if legacy and legacy.post_id
            else [],
            "attachments": documents,
            "media_links": links,
            "publish": "secret" not in option,
        }
        seo_title = str(row.get("wr_seo_title") or "")[:255]
        if legacy is None:
            self.pending.append((board, wr_id, fingerprint, seo_title, item))
            return
        post = post_save_imported(
            board=board.page, post=legacy.post if legacy.post_id else None, **item
        )
        LegacyPost.objects.update_or_create(
            bo_table=board.bo_table,
            wr_id=wr_id,
            defaults={
                "post": post,
                "comment": None,
                "fingerprint": fingerprint,
                "is_copy": False,
                "seo_title": str(row.get("wr_seo_title") or "")[:255],
            },
        )
        self.posts[key] = post
        if legacy:
            self.summary.updated += 1
        else:
            self.summary.created += 1

    def _flush(self) -> None:
        """Create the waiting new posts in one go (posts_bulk_create_imported); if that fails,
        one by one, so one bad row is reported and skipped and the rest still come over."""
        pending, self.pending = self.pending, []
        if not pending or self.dry_run:
            return
        try:
            with transaction.atomic():
                created = []
                by_board: dict[str, list] = {}
                for entry in pending:
                    by_board.setdefault(entry[0].bo_table, []).append(entry)
                for entries in by_board.values():
                    posts = posts_bulk_create_imported(
                        board=entries[0][0].page, items=[e[4] for e in entries]
                    )
                    created += list(zip(entries, posts, strict=True))
                LegacyPost.objects.bulk_create(
                    [
                        LegacyPost(
                            bo_table=board.bo_table,
                            wr_id=wr_id,
                            post=post,
                            fingerprint=fingerprint,
                            seo_title=seo,
                        )
                        for (board, wr_id, fingerprint, seo, _item), post in created
                    ]
                )
        except (DatabaseError, ValidationError, ValueError, TypeError) as error:
            for board, wr_id, fingerprint, seo, item in pending:
                try:
                    with transaction.atomic():
                        post = post_save_imported(board=board.page, post=None, **item)
                        LegacyPost.objects.create(
                            bo_table=board.bo_table,
                            wr_id=wr_id,
                            post=post,
                            fingerprint=fingerprint,
                            seo_title=seo,
                        )
                except (DatabaseError, ValidationError, ValueError, TypeError) as row_error:
                    self.summary.skip(
                        f"{board.bo_table}/{wr_id}",
                        _("could not be imported: %(reason)s") % {"reason": _error_text(row_error)},
                    )
                    continue
                self.posts[(board.bo_table, wr_id)] = post
                self.summary.created += 1
            del error
            return
        for (board, wr_id, _fingerprint, _seo, _item), post in created:
            self.posts[(board.bo_table, wr_id)] = post
        self.summary.created += len(created)

    def _copy(self, board: _Board, row: dict, stamps: list[dict]) -> None:
        """A post GnuBoard copied here: list the original on this board too, import nothing twice."""
        wr_id = int(row["wr_id"])
        copy_stamp = next(s for s in stamps if s["action"] == "복사")
        original = None
        for other in self.boards.values():
            if other.row.get("bo_subject") != copy_stamp["board"] or other is board:
                continue
            for candidate in other.rows:
                if (
                    not candidate.get("wr_is_comment")
                    and candidate.get("wr_subject") == row.get("wr_subject")
                    and str(candidate.get("wr_datetime")) == str(row.get("wr_datetime"))
                    and (other.bo_table, int(candidate["wr_id"])) in self.posts
                ):
                    original = (other, candidate)
                    break
            if original:
                break
        if original is None:
            self.summary.skip(
                f"{board.bo_table}/{wr_id}",
                _("copied from a board that was not found; imported as its own post"),
            )
            self._post(board, row, stamps, original=None)
            return
        other, source_row = original
        target = self.posts[(other.bo_table, int(source_row["wr_id"]))]
        self.summary.copies += 1
        self.summary.posts += 1
        self.summary.replies += 1 if row.get("wr_reply") else 0
        self.summary.files += len(board.files.get(wr_id, []))
        fingerprint = _fingerprint(
            {
                "copy_of": [other.bo_table, source_row["wr_id"]],
                "board": board.page.pk if board.page else None,
            }
        )
        key = (board.bo_table, wr_id)
        legacy = self.legacy_posts.get(key)
        self.posts[key] = target
        if legacy is not None and legacy.fingerprint == fingerprint and legacy.post_id:
            self.summary.unchanged += 1
            return
        if self.dry_run or not isinstance(target, PostPage):
            self.summary.created += 1
            return
        if board.page is not None and board.page.pk != target.get_parent().pk:
            other_boards = set(target.other_boards.all())
            if board.page not in other_boards:
                target.other_boards.add(board.page)
                target.save()
                revision = target.save_revision()
                if target.live:
                    revision.publish()
        # the copy's attachments are the original's files: old download links find them
        for file_row in board.files.get(wr_id, []):
            source_file = self.legacy_files.get(
                (other.bo_table, int(source_row["wr_id"]), int(file_row["bf_no"]))
            )
            if source_file is not None:
                LegacyFile.objects.update_or_create(
                    bo_table=board.bo_table,
                    wr_id=wr_id,
                    bf_no=int(file_row["bf_no"]),
                    defaults={
                        "source_name": source_file.source_name,
                        "stored_name": str(file_row.get("bf_file") or "")[:255],
                        "image": source_file.image,
                        "document": source_file.document,
                        "fingerprint": source_file.fingerprint,
                    },
                )
        LegacyPost.objects.update_or_create(
            bo_table=board.bo_table,
            wr_id=wr_id,
            defaults={
                "post": target,
                "fingerprint": fingerprint,
                "is_copy": True,
                "seo_title": str(row.get("wr_seo_title") or "")[:255],
            },
        )
        self.summary.created += 0 if legacy else 1
        self.summary.updated += 1 if legacy else 0

    # --- comments -----------------------------------------------------------------------------
    def _comment(self, board: _Board, row: dict) -> None:
        wr_id = int(row["wr_id"])
        post = self.posts.get((board.bo_table, int(row.get("wr_parent") or 0)))
        if post is None:
            self.summary.skip(
                f"{board.bo_table}/{wr_id}", _("a comment on a post that does not exist")
            )
            return
        created_at = kst_datetime(row.get("wr_datetime"))
        if created_at is None:
            raise ValueError(
                _("its date “%(date)s” is not a date") % {"date": row.get("wr_datetime")}
            )
        self.summary.comments += 1
        body = _comment_text(row.get("wr_content") or "")
        is_public = "secret" not in str(row.get("wr_option") or "")
        reply = row.get("wr_comment_reply") or ""
        group = (board.bo_table, int(row.get("wr_parent") or 0), int(row.get("wr_comment") or 0))
        fingerprint = _fingerprint(
            {
                "body": body,
                "name": row.get("wr_name"),
                "date": str(row.get("wr_datetime")),
                "public": is_public,
                "reply": reply,
                "post": getattr(post, "pk", None),
            }
        )
        key = (board.bo_table, wr_id)
        legacy = self.legacy_posts.get(key)
        if legacy is not None and legacy.fingerprint == fingerprint and legacy.comment_id:
            self.summary.unchanged += 1
            if not reply:
                self.comment_roots[group] = legacy.comment
            return
        if self.dry_run or not isinstance(post, PostPage):
            self.summary.updated += 1 if legacy else 0
            self.summary.created += 0 if legacy else 1
            return
        parent = self.comment_roots.get(group) if reply else None
        fields = {
            "post": post,
            "parent": parent,
            "author_name": str(row.get("wr_name") or "")[:255] or _("(no name)"),
            "body": body,
            "created_at": created_at,
            "is_public": is_public,
        }
        comment = legacy.comment if legacy and legacy.comment_id else None
        if comment is None:
            # a comment copied along with its post: the original's comment is already there
            comment = PostComment.objects.filter(
                post=post, author_name=fields["author_name"], created_at=created_at, body=body
            ).first()
        if comment is None:
            comment = PostComment.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.save()
        if not reply:
            self.comment_roots[group] = comment
        LegacyPost.objects.update_or_create(
            bo_table=board.bo_table,
            wr_id=wr_id,
            defaults={
                "post": post,
                "comment": comment,
                "fingerprint": fingerprint,
                "is_copy": False,
            },
        )
        self.summary.created += 0 if legacy else 1
        self.summary.updated += 1 if legacy else 0

    # --- files --------------------------------------------------------------------------------
    def _stored_names_fill(self, board: _Board, wr_id: int, files: list[dict]) -> None:
        """Files imported before LegacyFile kept bf_file learn it (for /data/file/… links)."""
        for file_row in files:
            legacy = self.legacy_files.get((board.bo_table, wr_id, int(file_row["bf_no"])))
            stored_name = str(file_row.get("bf_file") or "")[:255]
            if legacy is not None and legacy.stored_name != stored_name:
                LegacyFile.objects.filter(pk=legacy.pk).update(stored_name=stored_name)
                legacy.stored_name = stored_name

    def _files_count(self, row: dict, files: list[dict], missing: list[str]) -> None:
        """Attachments and inline images of a post not rewritten now (unchanged, or a dry run),
        counted as a real run would count them."""
        absent = set(missing)
        self.summary.files += sum(1 for f in files if _file_name(f) not in absent)
        self.summary.inline_images += sum(1 for p in _inline_paths(row) if p not in absent)

    def _missing_report(self, board: _Board, wr_id: int, missing: list[str]) -> None:
        self.summary.skip(
            f"{board.bo_table}/{wr_id}",
            _("files not in the files folder: %(names)s") % {"names": ", ".join(missing)},
        )

    def _missing_files(self, board: _Board, row: dict, files: list[dict]) -> list[str]:
        """The post's attachments and inline editor images that are not in the files folder."""
        missing = [
            _file_name(f)
            for f in files
            if (board.bo_table, int(row["wr_id"]), int(f["bf_no"])) not in self.legacy_files
            and not (
                "/" not in str(f.get("bf_file") or "")
                and self._exists(f"file/{board.bo_table}/{f.get('bf_file') or ''}")
            )
        ]
        missing += sorted(
            relative
            for relative in _inline_paths(row)
            if relative not in self.editor_files and not self._exists(f"editor/{relative}")
        )
        return missing

    def _path(self, relative: str) -> Path | None:
        """A file inside the files folder, or None (no folder, a path leaving it, not a file)."""
        if self.files_dir is None:
            return None
        base = self.files_dir.resolve()
        path = (base / relative).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            return None
        return path

    def _exists(self, relative: str) -> bool:
        return self._path(relative) is not None

    def _read(self, relative: str) -> bytes | None:
        path = self._path(relative)
        if path is None:
            return None
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise ValueError(_("the file %(name)s is larger than 50 MB") % {"name": relative})
        return path.read_bytes()

    def _attachments(
        self, board: _Board, wr_id: int, files: list[dict], title: str, *, secret: bool = False
    ):
        """The post's files as Candle images and documents. A secret post's documents go to
        the private collection (only signed-in staff can download them), and back to the
        public one if a later run finds the post no longer secret."""
        images, documents = [], []
        for file_row in files:
            where = f"{board.bo_table}/{wr_id} #{file_row['bf_no']}"
            source_name = _file_name(file_row)
            caption = str(file_row.get("bf_content") or "")[:255]
            key = (board.bo_table, wr_id, int(file_row["bf_no"]))
            fingerprint = _fingerprint(
                [
                    file_row.get("bf_file"),
                    file_row.get("bf_source"),
                    file_row.get("bf_filesize"),
                    caption,
                ]
            )
            legacy = self.legacy_files.get(key)
            if legacy is None or legacy.fingerprint != fingerprint:
                stored = str(file_row.get("bf_file") or "")
                data = (
                    self._read(f"file/{board.bo_table}/{stored}")
                    if stored and "/" not in stored
                    else None
                )
                if data is None:
                    self.summary.skip(
                        where,
                        _("the file %(name)s is not in the files folder") % {"name": source_name},
                    )
                    continue
                try:
                    legacy = self._store_file(
                        key, source_name, caption, data, file_row, fingerprint, legacy
                    )
                except (ValidationError, SuspiciousOperation, OSError) as error:
                    self.summary.skip(where, _error_text(error))
                    continue
                if legacy is None:
                    self.summary.skip(
                        where,
                        _("%(name)s is not a kind of file Candle keeps") % {"name": source_name},
                    )
                    continue
                self.legacy_files[key] = legacy
            stored_name = str(file_row.get("bf_file") or "")[:255]
            if legacy.stored_name != stored_name:  # imported before stored names were kept
                LegacyFile.objects.filter(pk=legacy.pk).update(stored_name=stored_name)
                legacy.stored_name = stored_name
            if legacy.document_id:
                _document_collection_set(legacy.document, private=secret)
            self.summary.files += 1
            if legacy.image_id:
                alt = caption or Path(source_name).stem.replace("_", " ") or title
                images.append((legacy.image, alt[:255], caption))
            elif legacy.document_id:
                documents.append((legacy.document, caption))
        return images, documents

    def _store_file(self, key, source_name, caption, data, file_row, fingerprint, legacy):
        extension = Path(source_name).suffix.lower().lstrip(".")
        stored_extension = Path(str(file_row.get("bf_file") or "")).suffix.lower().lstrip(".")
        is_image = (
            int(file_row.get("bf_type") or 0) in _IMAGE_TYPES
            and extension in settings.WAGTAILIMAGES_EXTENSIONS
        )
        if legacy is not None:
            # the source row changed: the old copy goes, a new one comes
            if legacy.image_id:
                legacy.image.delete()
            elif legacy.document_id:
                legacy.document.delete()
        if is_image:
            image = _image_create(
                name=source_name,
                data=data,
                alt=(caption or Path(source_name).stem.replace("_", " "))[:255],
            )
            return LegacyFile.objects.update_or_create(
                bo_table=key[0],
                wr_id=key[1],
                bf_no=key[2],
                defaults={
                    "source_name": source_name,
                    "stored_name": str(file_row.get("bf_file") or "")[:255],
                    "image": image,
                    "document": None,
                    "fingerprint": fingerprint,
                },
            )[0]
        if (
            extension not in settings.WAGTAILDOCS_EXTENSIONS
            or stored_extension not in settings.WAGTAILDOCS_EXTENSIONS
        ):
            return None
        upload = ContentFile(data, name=source_name)
        document_file_validate(upload)
        document = CandleDocument(title=source_name, description=caption)
        document.file.save(_storage_name(source_name), upload, save=False)
        document.file_size = len(data)
        document._set_document_file_metadata()
        document.save()
        document.file.close()
        return LegacyFile.objects.update_or_create(
            bo_table=key[0],
            wr_id=key[1],
            bf_no=key[2],
            defaults={
                "source_name": source_name,
                "stored_name": str(file_row.get("bf_file") or "")[:255],
                "image": None,
                "document": document,
                "fingerprint": fingerprint,
            },
        )[0]

    def _editor_image(self, src: str, title: str):
        """Candle's copy of an inline editor image (``…/data/editor/yymm/name``)."""
        path = src.split("?")[0].split("#")[0]
        match = _EDITOR_SRC.search(path)
        if not match:
            return None
        relative = match.group(1)
        legacy = self.editor_files.get(relative)
        if legacy is not None and legacy.image_id:
            self.summary.inline_images += 1
            return legacy.image_id, legacy.image.description
        data = self._read(f"editor/{relative}")
        if data is None:
            self.summary.skip(relative, _("inline image not found in the files folder"))
            return None
        self.summary.inline_images += 1
        if self.dry_run:
            return 0, title
        name = relative.rsplit("/", 1)[-1]
        image = _image_create(name=name, data=data, alt=title[:255] or name)
        legacy = LegacyFile.objects.create(
            editor_path=relative, source_name=name, image=image, fingerprint=_fingerprint(relative)
        )
        self.editor_files[relative] = legacy
        return image.pk, image.description


def _image_create(*, name: str, data: bytes, alt: str) -> CandleImage:
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            probe.verify()
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken image
        raise ValidationError(_("%(name)s is not a readable image") % {"name": name}) from error
    image = CandleImage(
        title=name[:255],
        description=alt[:255] or name[:255],
        file=ImageFile(io.BytesIO(data), name=name),
    )
    image._set_image_file_metadata()
    image.save()
    image.file.close()
    return image


def _board_slug(bo_table: str) -> str:
    return slugify(bo_table.replace("_", "-")) or "board"


def language_name(code: str) -> str:
    return _("Korean") if code == "ko" else _("English")


def _inline_paths(row: dict) -> set[str]:
    """The editor images (``yymm/name`` under data/editor/) an HTML post refers to."""
    option = str(row.get("wr_option") or "")
    if "html1" not in option and "html2" not in option:
        return set()
    return set(_EDITOR_ANY.findall(row.get("wr_content") or ""))


def _file_name(file_row: dict) -> str:
    """The name GnuBoard offered for download (``bf_source``), without any folder part."""
    for candidate in (file_row.get("bf_source"), file_row.get("bf_file")):
        name = re.split(r"[/\\]", str(candidate or "").strip())[-1].strip()
        if name.strip(". "):
            return name[:255]
    return "file"


def _storage_name(name: str) -> str:
    """A name the media folder can hold: a file system takes 255 bytes (85 Korean characters)
    and Django's FileField 100 characters with its folder; the title keeps the whole name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    while stem and (len(stem + suffix) > 80 or len((stem + suffix).encode()) > 180):
        stem = stem[:-1]
    return (stem.strip() or "file") + suffix


def _comment_text(raw: str) -> str:
    """A comment as plain text (GnuBoard shows comments as text): scripts and styles go with
    their content, tags go, and a lone "<" (3 < 5) stays; the template escapes it."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _SCRIPT.sub("", text)
    for _pass in range(10):  # <scr<b>ipt> must not become <script>
        text, found = re.subn(r"</?[A-Za-z!?/][^<>]*>", "", text)
        if not found:
            break
    else:
        text = text.replace("<", "").replace(">", "")
    return text.strip()


def _link_url(value: str) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        value = "http://" + value
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I) or len(value) > 1000:
        return ""
    return value


def _summary(cleaned: CleanResult) -> str:
    text = cleaned.text
    return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or error.__class__.__name__


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


@contextmanager
def _deferred_indexing():
    """Index each saved object once, after the run, instead of on every one of its saves
    (a published post is saved three times). Yields {model: {pk, …}} of what was saved."""
    from modelsearch import signal_handlers
    from wagtail.signal_handlers import disable_reference_index_auto_update

    touched: dict[type, set] = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            touched.setdefault(type(instance), set()).add(instance.pk)

    models = [PostPage, BoardPage, PostComment, CandleImage, CandleDocument, Category]
    disconnected = [
        m
        for m in models
        if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=m)
    ]
    for model in models:
        post_save.connect(
            remember, sender=model, weak=False, dispatch_uid=f"importers.remember.{model.__name__}"
        )
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"importers.remember.{model.__name__}")
        for model in disconnected:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)


def _unindexed_imports() -> dict[type, set]:
    """Imported posts and boards with no search index entry: those an earlier run saved and
    then stopped (Ctrl+C, a crash) before indexing. The rerun sees them as unchanged, so they
    are indexed now instead of staying out of search."""
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_content_type_pk

    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806 - wagtail.search's table

    found = {}
    for model, ids in (
        (PostPage, LegacyPost.objects.exclude(post=None).values_list("post_id", flat=True)),
        (BoardPage, LegacyBoard.objects.values_list("board_id", flat=True)),
    ):
        indexed = set(
            IndexEntry.objects.filter(content_type_id=get_content_type_pk(model)).values_list(
                "object_id", flat=True
            )
        )
        missing = {pk for pk in ids if pk is not None and str(pk) not in indexed}
        if missing:
            found[model] = missing
    return found


def _index_touched(touched: dict[type, set]) -> None:
    """Bring the search index and Wagtail's reference index up to date for what the run saved."""
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in touched.items():
        pks = sorted(pk for pk in pks if pk is not None)
        for start in range(0, len(pks), 500):
            if hasattr(model, "get_indexed_objects"):
                objects = model.get_indexed_objects().filter(pk__in=pks[start : start + 500])
                if model is PostPage:  # read per post by attachments_text and the reference index
                    objects = objects.prefetch_related(
                        "attachments__document", "media_links", "wagtail_admin_comments"
                    )
                chunk = list(objects)
            else:
                chunk = list(model.objects.filter(pk__in=pks[start : start + 500]))
            if hasattr(model, "get_indexed_objects"):
                for backend in backends:
                    backend.add_bulk(model, chunk)
            if model in (PostPage, BoardPage):
                for obj in chunk:
                    ReferenceIndex.create_or_update_for_object(obj)


PRIVATE_COLLECTION_NAME = "GnuBoard 비밀글 첨부파일 (비공개) / Secret posts' files (private)"


def private_collection():
    """The collection for files of GnuBoard's secret posts: a login restriction on it means
    only signed-in staff can download them (Wagtail checks it when serving a document; nginx
    never serves documents itself). Made on first use."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _document_collection_set(document, *, private: bool) -> None:
    """Into the private collection for a secret post; out of it (to the root collection) when
    the post is no longer secret. A document staff moved elsewhere is otherwise left alone."""
    from wagtail.models import Collection

    if private:
        wanted = private_collection()
    elif document.collection.name == PRIVATE_COLLECTION_NAME:
        wanted = Collection.get_first_root_node()
    else:
        return
    if document.collection_id != wanted.pk:
        type(document).objects.filter(pk=document.pk).update(collection=wanted)
        document.collection = wanted
