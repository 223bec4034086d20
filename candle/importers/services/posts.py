"""The importer's posts, copies and comments: a GnuBoard row to a ``PostPage`` (created in
batches), a copied post to a second listing of the original, a comment to a ``PostComment``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from candle.pages.models import PostComment, PostPage
from candle.pages.services import (
    post_save_imported,
    posts_bulk_create_imported,
)

from ..gnuboard_source import kst_datetime
from ..legacy_html import (
    body_from_html,
    body_from_text,
    title_from_subject,
)
from ..models import LegacyFile, LegacyPost
from .summary import _DRY, _Board, _fingerprint
from .text import _comment_text, _error_text, _link_url, _summary, stamps_strip


class PostsMixin:
    """Posts, copies and comments, for ``GnuboardImporter``."""

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
        for (board, wr_id, _digest, _seo, _item), post in created:
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
