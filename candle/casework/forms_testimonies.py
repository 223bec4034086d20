"""Forms of the testimony screens and the researcher export: every field parsed here."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candle.operations.once import SubmissionTokenField, submission_token_new

from .models import (
    Act,
    Event,
    Intervention,
    PerpetratorUnit,
    Source,
    Testimony,
    Victim,
    ViolationType,
)
from .places import COUNTRIES
from .researcher_export import ExportFilters

_DATE = forms.DateInput(attrs={"type": "date"})


def _staff_of_casework():
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="view_case",
            groups__permissions__content_type__app_label="casework",
        )
        | Q(user_permissions__codename="view_case")
    ).distinct()


class TestimonyForm(forms.ModelForm):
    class Meta:
        model = Testimony
        fields = (
            "given_on",
            "language",
            "interviewer",
            "consent_un",
            "consent_researchers",
            "consent_public",
            "narrative",
            "narrative_anonymised",
        )
        widgets = {"given_on": _DATE, "narrative": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = _staff_of_casework()


class PartForm(forms.ModelForm):
    """A part of one testimony: its choices are limited to that testimony's own rows."""

    def __init__(self, *args, testimony: Testimony, **kwargs):
        self.testimony = testimony
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # a new part: stored once however often it is sent
            self.fields["submission_token"] = SubmissionTokenField(initial=submission_token_new())


class EventForm(PartForm):
    class Meta:
        model = Event
        fields = (
            "title",
            "description",
            "text_anonymised",
            "date_from",
            "date_to",
            "date_precision",
            "country",
            "region",
            "place_detail",
            "detention_place",
        )
        widgets = {
            "title": forms.TextInput(),
            "date_from": _DATE,
            "date_to": _DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
            "place_detail": forms.Textarea(attrs={"rows": 2}),
        }


class ActForm(PartForm):
    class Meta:
        model = Act
        fields = ("event", "violation_type", "victim", "perpetrators", "note")
        widgets = {
            "perpetrators": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(testimony=self.testimony)
        self.fields["victim"].queryset = Victim.objects.filter(testimony=self.testimony)
        self.fields["violation_type"].queryset = ViolationType.objects.all()
        self.fields["perpetrators"].queryset = PerpetratorUnit.objects.all()


class VictimForm(PartForm):
    class Meta:
        model = Victim
        fields = ("pseudonym", "name", "sex", "year_of_birth", "relation")
        widgets = {"name": forms.TextInput()}

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        taken = Victim.objects.filter(testimony=self.testimony, pseudonym=pseudonym)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another victim of this testimony has this pseudonym."))
        return pseudonym

    def clean(self):
        cleaned = super().clean()
        name, pseudonym = cleaned.get("name") or "", cleaned.get("pseudonym") or ""
        if name.strip() and pseudonym and name.strip().casefold() in pseudonym.casefold():
            self.add_error("pseudonym", _("A pseudonym must not hold the person's name."))
        return cleaned


class SourceForm(PartForm):
    class Meta:
        model = Source
        fields = ("kind", "reliability", "credibility", "description", "events")
        widgets = {
            "events": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = Event.objects.filter(testimony=self.testimony)


class InterventionForm(PartForm):
    class Meta:
        model = Intervention
        fields = ("addressee", "made_on", "result", "note")
        widgets = {"made_on": _DATE, "note": forms.Textarea(attrs={"rows": 3})}


PART_FORMS: dict[str, type[PartForm]] = {
    "event": EventForm,
    "act": ActForm,
    "victim": VictimForm,
    "source": SourceForm,
    "intervention": InterventionForm,
}


class ResearcherExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("For whom and why"),
        max_length=200,
        help_text=_("The research and the researcher it is for (no personal details)."),
    )
    violation_types = forms.ModelMultipleChoiceField(
        label=_("Violation types"),
        queryset=ViolationType.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type."),
    )
    year_from = forms.IntegerField(
        label=_("From the year"), min_value=1945, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label=_("Until the year"), min_value=1945, max_value=2100, required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=COUNTRIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every country."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The last year comes before the first."))
        return cleaned

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            violation_codes=[vt.code for vt in data["violation_types"]],
            year_from=data["year_from"],
            year_to=data["year_to"],
            countries=list(data["countries"]),
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(("approve", _("Approve the release")), ("reject", _("Reject it"))),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
