"""The StreamField blocks every page body is built from."""

import re

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

from .richtext import rich_text_clean_shown, rich_text_clean_stored

_YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)([\w-]{11})"
)
_VIMEO = re.compile(r"^https?://(?:www\.)?(?:vimeo\.com|player\.vimeo\.com/video)/(\d+)")


class SafeRichTextBlock(blocks.RichTextBlock):
    """A rich text block that is cleaned when saved and again when rendered."""

    def get_prep_value(self, value):
        source = value.source if isinstance(value, RichText) else value
        return rich_text_clean_stored(source)

    def render_basic(self, value, context=None):
        """The text as Wagtail renders it (its links and images expanded: ``RichText.__html__``,
        whose template ``wagtailcore/shared/richtext.html`` writes the expanded text as it is,
        so it is not looked up and rendered for every block), cleaned again."""
        if type(value) is RichText:
            shown = expand_db_html(value.source)
        else:
            shown = str(super().render_basic(value, context))
        return mark_safe(rich_text_clean_shown(shown))  # noqa: S308

    class Meta:
        icon = "pilcrow"


class CaptionedImageValue(blocks.StructValue):
    @property
    def alt(self) -> str:
        """The editor's alt text for this use of the image, else the image's own (never empty:
        every image has one, ``CandleImage.description``)."""
        image = self.get("image")
        return self.get("alt_text") or (image.default_alt_text if image else "")


class CaptionedImageBlock(blocks.StructBlock):
    """An image in a body. Its alt text is the image's own unless the editor writes another
    here (what an image shows can matter differently in different texts); asking for it on
    every use made editors copy the same words again, or type something shorter."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        max_length=255,
        required=False,
        help_text=_(
            "Leave empty to use the image's own alt text. Write here only if this text needs "
            "the image described differently."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "pages/blocks/captioned_image_block.html"
        value_class = CaptionedImageValue


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "pages/blocks/quote_block.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video embedded without oEmbed look-ups or tracking cookies."""

    url = blocks.URLBlock(label=_("YouTube or Vimeo address"))
    title = blocks.CharBlock(
        label=_("Title"), max_length=255, help_text=_("Read out by screen readers.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    def clean(self, value):
        value = super().clean(value)
        if not video_embed_url(value.get("url", "")):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError(_("Only YouTube and Vimeo addresses can be embedded."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value.get("url", ""))
        return context

    class Meta:
        icon = "media"
        template = "pages/blocks/video_block.html"


def video_embed_url(url: str) -> str:
    """The privacy-friendly player address for a YouTube or Vimeo link, or ''."""
    if match := _YOUTUBE.match(url or ""):
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}"
    if match := _VIMEO.match(url or ""):
        return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1"
    return ""


class TableBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock(label=_("Text"))),
                ("number", blocks.DecimalBlock(label=_("Number"))),
                (
                    "rich_text",
                    SafeRichTextBlock(features=["bold", "italic", "link"], label=_("Rich text")),
                ),
            ],
            **kwargs,
        )

    class Meta:
        icon = "table"
        template = "pages/blocks/table_block.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"), help_text=_("Says what the table shows."), max_length=255
    )
    table = TableBlock(label=_("Table"))

    class Meta:
        icon = "table"
        template = "pages/blocks/table_with_caption_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = SafeRichTextBlock(label=_("Text"))
    image = CaptionedImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    video = VideoBlock(label=_("Video"))
    table = TableWithCaptionBlock(label=_("Table"))

    @cached_property
    def searchable_block_names(self) -> list[str]:
        return ["paragraph", "quote", "table"]


class ImpactFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("For example 1,156"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=200)
    as_of = blocks.CharBlock(label=_("As of"), max_length=80, required=False)

    class Meta:
        icon = "pick"
        form_classname = "impact-figure"
