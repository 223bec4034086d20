"""The public application form: the applicant, the programme's own questions and files, a
guardian when the applicant is under 14, the consent, and the fields that stop a double submit
(``submission_token``) and bots (``website_url``, a honeypot). Every field is parsed here."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import MAX_SHORT, RegistrationForm, consent_attach, visible
from .uploads import EXTENSIONS, MAX_BYTES, ApplicationFileField

_TOKEN = re.compile(r"[0-9a-f]{32}")


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def application_consent_text() -> str:
    return _(
        "[Required] Collection and use of personal data for this application. Purpose: "
        "selecting participants and contacting you about the programme. Items: name, date of "
        "birth, e-mail, phone, school or occupation, your answers and files, and a guardian's "
        "name and e-mail for applicants under 14. Kept: until the retention period after the "
        "programme ends, then erased. You may refuse, but then we cannot consider your "
        "application."
    )


class ApplicationForm(forms.Form):
    page_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=32)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth (YYYY-MM-DD)"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40)
    school = forms.CharField(label=gettext_lazy("School or occupation"), max_length=MAX_SHORT)
    guardian_name = forms.CharField(
        label=gettext_lazy("Guardian's name (applicants under 14)"), max_length=200, required=False
    )
    guardian_email = forms.EmailField(
        label=gettext_lazy("Guardian's e-mail (applicants under 14)"),
        max_length=254,
        required=False,
    )
    consent = forms.BooleanField(label="", required=True)
    website_url = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    question_field = staticmethod(RegistrationForm.question_field)
    _question_field = staticmethod(RegistrationForm._question_field)

    def __init__(self, *args, programme, now: dt.datetime | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial["page_id"] = programme.pk
        initial.setdefault("submission_token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.now = now or timezone.now()
        consent_attach(
            self,
            text=application_consent_text(),
            refused=_(
                "Please agree to the collection of your details, or we cannot consider your "
                "application."
            ),
        )
        self.fields["birth_date"].error_messages["invalid"] = _(
            "Please enter the date of birth as YYYY-MM-DD, e.g. 2012-03-01."
        )
        for name, auto in (("name", "name"), ("email", "email"), ("phone", "tel")):
            self.fields[name].widget.attrs["autocomplete"] = auto
        self.questions = programme.question_list()
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)
        self.uploads = programme.upload_list()
        for upload in self.uploads:
            self.fields[self.upload_field(upload)] = ApplicationFileField(
                label=upload["label"],
                required=upload["required"],
                help_text=_("%(kinds)s, at most %(mb)s MB")
                % {"kinds": ", ".join(EXTENSIONS), "mb": MAX_BYTES // (1024 * 1024)},
            )

    @staticmethod
    def upload_field(upload: dict) -> str:
        return f"u_{upload['id']}"

    def clean_page_id(self):
        if self.cleaned_data["page_id"] != self.programme.pk:
            raise forms.ValidationError(_("The form has expired. Please reload the page."))
        return self.cleaned_data["page_id"]

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not _TOKEN.fullmatch(token):
            raise forms.ValidationError(_("The form has expired. Please reload the page."))
        return token

    def _one_line(self, field: str, message: str) -> str:
        value = " ".join(visible(self.cleaned_data.get(field, "")).split())
        if not value and self.fields[field].required:
            raise forms.ValidationError(message)
        return value

    def clean_name(self):
        return self._one_line("name", _("Please enter a name."))

    def clean_phone(self):
        phone = self._one_line("phone", _("Please enter a phone number."))
        if not re.fullmatch(r"\+?[0-9 ()\-]{6,40}", phone):
            raise forms.ValidationError(_("Please enter a valid phone number, e.g. 010-1234-5678."))
        return phone

    def clean_school(self):
        return self._one_line("school", _("Please enter your school or occupation."))

    def clean_guardian_name(self):
        return self._one_line("guardian_name", "")

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate(self.now)
        if born >= today or born < dt.date(today.year - 100, 1, 1):
            raise forms.ValidationError(_("Please check the date of birth."))
        return born

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    @property
    def under_14(self) -> bool:
        born = self.cleaned_data.get("birth_date")
        return bool(born) and age_on(born, timezone.localdate(self.now)) < 14

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            key = self.question_field(question)
            if isinstance(cleaned.get(key), str):
                cleaned[key] = visible(cleaned[key]).strip()
        if self.under_14:
            if not cleaned.get("guardian_name"):
                self.add_error(
                    "guardian_name",
                    _(
                        "Applicants under 14 need a parent or guardian's consent: please give their name."
                    ),
                )
            if not cleaned.get("guardian_email") and "guardian_email" not in self.errors:
                self.add_error(
                    "guardian_email",
                    _("Please give the guardian's e-mail: we send them the consent request."),
                )
            elif cleaned.get("guardian_email", "").lower() == (cleaned.get("email") or "").lower():
                self.add_error(
                    "guardian_email", _("The guardian's e-mail must differ from the applicant's.")
                )
        return cleaned

    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    def upload_fields(self):
        return [self[self.upload_field(u)] for u in self.uploads]

    def answers(self) -> list[dict]:
        return RegistrationForm.answers(self)

    def files_given(self) -> list[tuple[dict, object]]:
        """(upload asked for, the uploaded file) for each file given."""
        return [
            (upload, self.cleaned_data[self.upload_field(upload)])
            for upload in self.uploads
            if self.cleaned_data.get(self.upload_field(upload))
        ]
