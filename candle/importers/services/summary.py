"""What a run found and did (``ImportSummary``), and the run's own bookkeeping: a board
with its rows, the stand-in for a post a dry run would create, a row's fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from candle.pages.models import BoardPage


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
