"""What staff decide about the public figures, and each set of figures they published.

The figures themselves are derived by a query (``candle.casework.figures``); nothing here is a
number typed by hand. The home page reads the latest ``FigureSnapshot`` only, so the public
number changes when staff publish, not whenever a case is edited.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Never fewer people than this in a published cell (a count of 3 arrivals in a year can point
# at a family). Staff may raise it, not lower it.
MIN_CELL = 10


class FigureSettings(models.Model):
    """One row (pk 1): the publication delay and the smallest cell shown."""

    delay_days = models.PositiveIntegerField(
        _("publication delay (days)"),
        default=90,
        validators=[MaxValueValidator(3650)],
        help_text=_("Events newer than this are not counted (90 days is usual)."),
    )
    min_cell = models.PositiveIntegerField(
        _("smallest number shown"),
        default=MIN_CELL,
        validators=[MinValueValidator(MIN_CELL), MaxValueValidator(1000)],
        help_text=_("A count below this is not published. Never less than 10."),
    )
    show_on_home = models.BooleanField(
        _("show on the home page"),
        default=True,
        help_text=_("Published figures appear among the home page's impact figures."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public figures settings")
        verbose_name_plural = _("public figures settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> FigureSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class FigureSnapshot(models.Model):
    """Figures as published: counts only (``values``: ``{"reached_safety": {"total": n,
    "by_year": {"2025": n}}, "un_submitted": n, "show_on_home": bool}``), already cut to the
    cells that may be shown, with the date they were counted up to."""

    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    as_of = models.DateField(_("as of"), help_text=_("Events up to this day are counted."))
    delay_days = models.PositiveIntegerField(_("publication delay (days)"))
    min_cell = models.PositiveIntegerField(_("smallest number shown"))
    values = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        ordering = ("-published_at", "-id")
        get_latest_by = ("published_at", "id")

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}"
