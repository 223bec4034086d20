"""Labels shared by both languages: one row, a Korean and an English name.

Work areas, categories and report topics are the same thing in Korean and in English, so
they are not translated pages or snippets: a post and its translation point at the same row.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class BilingualLabel(index.Indexed, models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=False)
    name_ko = models.CharField(_("Korean name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name_ko"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name_ko"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_ko"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        """The name in the language being spoken: the admin lists labels (the post editor's
        checkboxes, choosers) in the editor's language, not as "성명 / Statement"."""
        return self.name

    @property
    def name(self) -> str:
        return (
            self.name_en if (translation.get_language() or "ko").startswith("en") else self.name_ko
        )


class WorkArea(BilingualLabel):
    """One of the organisation's four areas of work (advocacy, youth, education, rescue)."""

    class Meta(BilingualLabel.Meta):
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")


class Category(BilingualLabel):
    """A board category, e.g. 성명 / Statement (GnuBoard's ``ca_name``)."""

    class Meta(BilingualLabel.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class ReportTopic(BilingualLabel):
    """A report's subject, e.g. 정치범수용소 / Political prison camps."""

    class Meta(BilingualLabel.Meta):
        verbose_name = _("report topic")
        verbose_name_plural = _("report topics")
