"""Forms of the rescue panel. Every field is parsed here; the views call one service each."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import Case, CaseDocument
from .models.figures import MIN_CELL
from .models.rescue import ReliefKind, Stage

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_NOTE_MAX = 2000


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=_DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


class _TokenForm(forms.Form):
    """A one-time token per form shown, so the same submission twice stores one row."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())


class _AsciiDecimalField(forms.DecimalField):
    """Digits as a keyboard types them: "１２３" (full-width) is refused, not read as 123."""

    def to_python(self, value):
        if isinstance(value, str) and not value.strip().replace(",", "").isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = value.replace(",", "")
        return super().to_python(value)


class _AsciiIntegerField(forms.IntegerField):
    def to_python(self, value):
        if isinstance(value, str) and not value.strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    reached_on = _date_field(_("date reached"))
    people = _AsciiIntegerField(label=_("people"), min_value=1, max_value=50, initial=1)


class ReliefForm(_TokenForm):
    kind = forms.ChoiceField(label=_("kind of relief"), choices=ReliefKind.choices)
    given_on = _date_field(_("given on"))
    stage = forms.ChoiceField(label=_("stage"), choices=[("", "—"), *Stage.choices], required=False)
    note = forms.CharField(
        label=_("note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=_NOTE_MAX,
    )


class CostForm(_TokenForm):
    amount = _AsciiDecimalField(
        label=_("amount (KRW)"),
        min_value=Decimal("1"),
        max_value=Decimal("1000000000"),
        max_digits=12,
        decimal_places=0,
    )
    spent_on = _date_field(_("spent on"))
    kind = forms.ChoiceField(label=_("what for"), choices=ReliefKind.choices)
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    detail = forms.CharField(
        label=_("detail"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=_NOTE_MAX,
    )
    campaign = forms.ModelChoiceField(
        label=_("charged to campaign"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the campaigns listed.")},
    )
    receipt = forms.ModelChoiceField(
        label=_("receipt"),
        queryset=CaseDocument.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a document of this case.")},
        help_text=_("Upload the receipt to the case's documents first."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        from candle.giving.models import CampaignPage

        super().__init__(*args, **kwargs)
        # one entry per campaign: the language version it was created in
        originals = CampaignPage.objects.order_by("translation_key", "pk").values_list(
            "translation_key", "pk"
        )
        first = {}
        for key, pk in originals:
            first.setdefault(key, pk)
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            pk__in=first.values()
        ).order_by("title")
        self.fields["receipt"].queryset = CaseDocument.objects.filter(case=case)
        self.fields["receipt"].label_from_instance = lambda doc: f"#{doc.pk} {doc.title}"


class FigureSettingsForm(forms.ModelForm):
    class Meta:
        from .models import FigureSettings

        model = FigureSettings
        fields = ("delay_days", "min_cell", "show_on_home")
        field_classes = {"delay_days": _AsciiIntegerField, "min_cell": _AsciiIntegerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delay_days"].max_value = 3650
        self.fields["delay_days"].widget.attrs["max"] = 3650
        self.fields["delay_days"].validators.append(MaxValueValidator(3650))
        self.fields["min_cell"].validators.append(MinValueValidator(MIN_CELL))
        self.fields["min_cell"].validators.append(MaxValueValidator(1000))
