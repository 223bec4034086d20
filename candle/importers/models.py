"""Where each GnuBoard row went in Candle. The importer keys on these, so running it again
updates what changed and never duplicates; the old-link redirects look addresses up here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegacyBoard(models.Model):
    """A GnuBoard board (``g5_board``) and the Candle board its posts went to."""

    bo_table = models.CharField(_("GnuBoard table"), max_length=20, unique=True)
    subject = models.CharField(_("GnuBoard title"), max_length=255, blank=True)
    board = models.ForeignKey(
        "pages.BoardPage", verbose_name=_("board"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported board")
        verbose_name_plural = _("imported boards")

    def __str__(self) -> str:
        return self.bo_table


class LegacyPost(models.Model):
    """One row of ``g5_write_<bo_table>``: a post, a reply or a comment.

    A post GnuBoard copied to another board points at the same Candle post as its original.
    """

    bo_table = models.CharField(_("GnuBoard table"), max_length=20)
    wr_id = models.PositiveIntegerField(_("GnuBoard id"))
    seo_title = models.CharField(
        _("GnuBoard short address"), max_length=255, blank=True, db_index=True
    )
    post = models.ForeignKey(
        "pages.PostPage",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    comment = models.ForeignKey(
        "pages.PostComment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_copy = models.BooleanField(_("copy of a post on another board"), default=False)
    fingerprint = models.CharField(_("fingerprint of the source row"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported post")
        verbose_name_plural = _("imported posts")
        constraints = [
            models.UniqueConstraint(fields=["bo_table", "wr_id"], name="legacy_post_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bo_table}/{self.wr_id}"


class LegacyFile(models.Model):
    """One attachment (``g5_board_file``) or one inline editor image (``data/editor/…``)."""

    bo_table = models.CharField(_("GnuBoard table"), max_length=20, blank=True)
    wr_id = models.PositiveIntegerField(_("GnuBoard id"), null=True, blank=True)
    bf_no = models.PositiveIntegerField(_("attachment number"), null=True, blank=True)
    editor_path = models.CharField(_("editor image path"), max_length=255, blank=True)
    source_name = models.CharField(_("original file name"), max_length=255)
    stored_name = models.CharField(
        _("GnuBoard's stored file name"), max_length=255, blank=True, db_index=True
    )  # bf_file: GnuBoard showed attached images at /data/file/<bo_table>/<bf_file>
    image = models.ForeignKey(
        "core.CandleImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "core.CandleDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    fingerprint = models.CharField(_("fingerprint of the source row"), max_length=64)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [
            models.UniqueConstraint(
                fields=["bo_table", "wr_id", "bf_no"],
                condition=models.Q(bf_no__isnull=False),
                name="legacy_file_attachment_unique",
            ),
            models.UniqueConstraint(
                fields=["editor_path"],
                condition=~models.Q(editor_path=""),
                name="legacy_file_editor_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.editor_path or f"{self.bo_table}/{self.wr_id}#{self.bf_no}"

    @property
    def url(self) -> str:
        if self.document_id:
            return self.document.url
        if self.image_id:
            return self.image.file.url
        return ""
