"""The importer's boards: each GnuBoard board to the Candle board page it fills (found,
claimed or made), and GnuBoard categories to Candle's."""

from __future__ import annotations

import hashlib

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from candle.pages.models import BoardPage, Category, HomePage
from candle.pages.services import site_tree_ensure

from ..gnuboard_source import SourceError
from ..legacy_html import title_from_board_subject
from ..models import LegacyBoard
from .summary import _Board
from .text import _board_slug, language_name


class BoardsMixin:
    """Board pages and categories, for ``GnuboardImporter``."""

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
