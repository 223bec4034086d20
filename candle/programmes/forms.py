"""The public registration form: contact details, the event's own questions, and the consent
to collect them. Every field is parsed here; the view only calls the service."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_SHORT = 200


def visible(text: str) -> str:
    """Text without control and format characters (Unicode Cc/Cf, except line breaks, tabs and
    the zero-width joiners), which break spreadsheets, terminals and PostgreSQL."""
    return "".join(
        ch
        for ch in text or ""
        if ch in "\t\n\r\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


MAX_LONG = 2000


def registration_consent_text() -> str:
    return _(
        "[Required] Collection and use of personal data for this event. Purpose: your "
        "registration, the waiting list, the reminder and the check-in list. Items: name, "
        "e-mail, phone number (if given) and your answers. Kept: one year after the event. You "
        "may refuse, but then we cannot register you."
    )


def consent_attach(form: forms.Form, *, text: str, refused: str) -> None:
    """The form's required ``consent`` box is labelled with the wording the person agrees to,
    and the same wording is kept as ``form.consent_text`` for the service to store with the
    record: what was shown is what is kept. ``refused``: the error when the box is left empty."""
    form.consent_text = text
    field = form.fields["consent"]
    field.label = text
    field.error_messages["required"] = refused


class RegistrationForm(forms.Form):
    page_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(label="", required=True)

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("initial", {})["page_id"] = event.pk
        super().__init__(*args, **kwargs)
        self.event = event
        consent_attach(
            self,
            text=registration_consent_text(),
            refused=_("Please agree to the collection of your details, or we cannot register you."),
        )
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.questions = event.question_list()
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)

    @staticmethod
    def question_field(question: dict) -> str:
        return f"q_{question['id']}"

    @staticmethod
    def _question_field(question: dict) -> forms.Field:
        label, required = question["label"], question["required"]
        if question["kind"] == "choice":
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[("", "—"), *((o, o) for o in question["options"])],
            )
        if question["kind"] == "yes_no":
            return forms.BooleanField(label=label, required=required)
        if question["kind"] == "long":
            return forms.CharField(
                label=label,
                required=required,
                max_length=MAX_LONG,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        return forms.CharField(label=label, required=required, max_length=MAX_SHORT)

    def clean_page_id(self):
        if self.cleaned_data["page_id"] != self.event.pk:
            raise forms.ValidationError(_("The form has expired. Please reload the page."))
        return self.cleaned_data["page_id"]

    def clean_name(self):
        name = " ".join(visible(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Please enter a name."))
        return name

    def clean_phone(self):
        return " ".join(visible(self.cleaned_data["phone"]).split())

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            key = self.question_field(question)
            if isinstance(cleaned.get(key), str):
                cleaned[key] = visible(cleaned[key]).strip()
        return cleaned

    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    def answers(self) -> list[dict]:
        """The answers as kept: question id, the question as shown, the answer as text."""
        out = []
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if question["kind"] == "yes_no":
                value = _("Yes") if value else _("No")
            out.append({"id": question["id"], "label": question["label"], "answer": value or ""})
        return out
