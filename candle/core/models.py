"""Candle's own image and document models: alt text is required, files are checked."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from .uploads import document_file_validate


class CandleImage(AbstractImage):
    """An image with alt text an editor must write (WCAG 1.1.1)."""

    # Wagtail uses ``description`` as the image's alt text; here it may not be left empty.
    description = models.CharField(
        _("alt text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    @property
    def default_alt_text(self) -> str:
        return self.description

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CandleRendition(AbstractRendition):
    image = models.ForeignKey(CandleImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        verbose_name = _("image rendition")
        verbose_name_plural = _("image renditions")
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CandleDocument(AbstractDocument):
    """A document (PDF, HWP, office file) with its extracted text for search."""

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Waiting for text extraction")
        DONE = "done", _("Text extracted")
        NO_TEXT = "no_text", _("No text found (scanned or image-only PDF)")
        FAILED = "failed", _("Text could not be read")
        NOT_APPLICABLE = "n/a", _("Not a text document")

    description = models.TextField(_("description"), blank=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_status = models.CharField(
        _("text status"),
        max_length=10,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
    )

    admin_form_fields = (*Document.admin_form_fields, "description")

    def clean(self) -> None:
        super().clean()
        if self.file and not getattr(self.file, "_committed", True):
            try:
                document_file_validate(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error}) from error

    @property
    def extension_upper(self) -> str:
        return self.file_extension.upper()

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
