"""The user dictionary: words Kiwi should treat as one proper noun (하나원, 북한인권시민연합)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_WORD_CHARS = re.compile(r"\w+")


class UserWord(models.Model):
    class Tag(models.TextChoices):
        PROPER_NOUN = "NNP", _("Proper noun (a name, a place, an organisation)")
        NOUN = "NNG", _("Common noun")

    word = models.CharField(
        _("word"),
        max_length=40,
        unique=True,
        help_text=_(
            "Written without spaces or particles, e.g. 하나원. Searches find it as one word."
        ),
    )
    tag = models.CharField(
        _("kind of word"), max_length=3, choices=Tag.choices, default=Tag.PROPER_NOUN
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search dictionary word")
        verbose_name_plural = _("search dictionary")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    def clean(self) -> None:
        super().clean()
        self.word = (self.word or "").strip()
        if not _WORD_CHARS.fullmatch(self.word):
            raise ValidationError(
                {"word": _("Enter one word of letters or digits, with no spaces or punctuation.")}
            )


class IndexCheckpoint(models.Model):
    """How far an unfinished ``update_index`` got, per search backend and indexed model: the
    last primary key whose index entry is written (in the same transaction as the entries), so
    that a run stopped halfway continues where it stopped instead of starting over. A finished
    run deletes its checkpoints (docs/subsystems/search.md, "Indexing")."""

    backend = models.CharField(max_length=100)
    model = models.CharField(max_length=200)  # app_label.ModelName
    last_pk = models.CharField(max_length=255, blank=True)
    done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("index checkpoint")
        verbose_name_plural = _("index checkpoints")
        constraints = [
            models.UniqueConstraint(fields=["backend", "model"], name="search_checkpoint_unique")
        ]

    def __str__(self) -> str:
        return f"{self.backend} {self.model} after {self.last_pk or '-'}"
