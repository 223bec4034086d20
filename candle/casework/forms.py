"""Casework's admin forms: every field parsed here, with messages in the reader's language."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candle.core.uploads import document_file_validate

from .models import Case, Dossier, DossierEvent, FamilyConsent

# Documents a case may hold, as their names end; the content must agree (candle.core.uploads,
# plus the images' own signatures below). 20 MB: a scan, not a video (Fernet reads it whole).
DOCUMENT_EXTENSIONS = (
    "pdf",
    "docx",
    "doc",
    "hwp",
    "hwpx",
    "odt",
    "xlsx",
    "txt",
    "jpg",
    "jpeg",
    "png",
)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
_IMAGE_SIGNATURES = {"jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _text(label, *, required=True, max_length=None, widget=None, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        strip=True,
    )


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Case.Kind.choices)
    pseudonym = _text(
        _("pseudonym"),
        max_length=80,
        help_text=_("The name used in every list and export. Never a real name or initials."),
    )
    country = _text(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. KP, CN, KR."))
    region = _text(
        _("region"), required=False, max_length=80, help_text=_("A province or region, no finer.")
    )
    summary = _text(_("summary"), required=False, max_length=20000, widget=forms.Textarea)
    exact_location = _text(
        _("exact location"),
        required=False,
        max_length=500,
        help_text=_("Only when needed, and only with the reason below."),
    )
    exact_location_reason = _text(
        _("why the exact location is kept"), required=False, max_length=500
    )

    def clean_country(self):
        country = self.cleaned_data["country"].upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise ValidationError(_("Give the two-letter code, e.g. KP."))
        return country

    def clean(self):
        data = super().clean()
        if data.get("exact_location") and not data.get("exact_location_reason"):
            self.add_error("exact_location_reason", _("Say why the exact location must be kept."))
        return data


class NoteForm(forms.Form):
    body = _text(_("note"), max_length=20000, widget=forms.Textarea)


class DocumentForm(forms.Form):
    title = _text(_("title"), max_length=200)
    file = forms.FileField(label=_("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        if extension not in DOCUMENT_EXTENSIONS:
            raise ValidationError(
                _("Upload one of these kinds of file: %(kinds)s."),
                params={"kinds": ", ".join(DOCUMENT_EXTENSIONS)},
            )
        if upload.size > DOCUMENT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        if upload.size == 0:
            raise ValidationError(_("The file is empty."))
        if extension in _IMAGE_SIGNATURES:
            upload.seek(0)
            if not upload.read(16).startswith(_IMAGE_SIGNATURES[extension]):
                raise ValidationError(
                    _("This file does not look like a .%(ext)s file. Check it and try again."),
                    params={"ext": extension},
                )
            upload.seek(0)
        else:
            document_file_validate(upload)
        upload.candle_content_type = _CONTENT_TYPES[extension]
        return upload


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("caseworker"), queryset=None)
    reason = _text(_("reason"), max_length=200)

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = caseworkers
        self.fields["user"].label_from_instance = lambda user: user.get_username()


class WithdrawForm(forms.Form):
    reason = _text(_("reason"), max_length=200)


class DossierForm(forms.ModelForm):
    region = _text(_("region"), required=False, max_length=80)
    exact_location = _text(_("exact location"), required=False, max_length=500)
    exact_location_reason = _text(
        _("why the exact location is kept"), required=False, max_length=500
    )

    class Meta:
        model = Dossier
        fields = (
            "family_name",
            "given_name",
            "name_ko",
            "other_names",
            "sex",
            "birth_date",
            "nationality",
            "occupation",
            "disappeared_year",
            "disappeared_month",
            "disappeared_day",
            "place_description",
            "forces_responsible",
            "circumstances",
            "family_steps",
            "source_name",
            "source_relationship",
            "source_contact",
            "confidentiality_requested",
            "wgeid_reference",
        )
        widgets = dict.fromkeys(
            (
                "family_name",
                "given_name",
                "name_ko",
                "other_names",
                "birth_date",
                "occupation",
                "source_name",
                "source_relationship",
                "source_contact",
            ),
            forms.TextInput,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance.case
        for name in ("region", "exact_location", "exact_location_reason"):
            self.fields[name].initial = getattr(case, name)
        for name in ("disappeared_year", "disappeared_month", "disappeared_day"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = 20000  # bounded, even where the column is not
                field.validators.append(MaxLengthValidator(20000))

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"].strip()
        if value and not _PARTIAL_DATE.fullmatch(value):
            raise ValidationError(_("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("exact_location") and not data.get("exact_location_reason"):
            self.add_error("exact_location_reason", _("Say why the exact location must be kept."))
        return data

    def case_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("region", "exact_location", "exact_location_reason")
        }

    def dossier_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("step"), choices=DossierEvent.Kind.choices)
    on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = _text(_("note"), required=False, max_length=5000, widget=forms.Textarea)


class ReminderForm(forms.Form):
    due_on = forms.DateField(label=_("due on"), widget=forms.DateInput(attrs={"type": "date"}))
    what = _text(_("what to do"), max_length=500)


class ConsentForm(forms.Form):
    given_by = _text(_("given by"), max_length=200, help_text=_("Name and relationship."))
    purpose = forms.ChoiceField(label=_("for what"), choices=FamilyConsent.Purpose.choices)
    given_on = forms.DateField(label=_("given on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise ValidationError(_("A consent cannot be given in the future."))
        return given_on


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"), widget=forms.DateInput(attrs={"type": "date"})
    )
