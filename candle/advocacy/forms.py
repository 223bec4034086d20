"""The public sign forms (a person; an organisation). Each view validates one of these and
calls one service. The consent wording shown is recorded word for word with the signature."""

from __future__ import annotations

import copy
import functools

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .countries import CODES, country_choices

NAME_MAX = 200
COMMENT_MAX = 1000


def signature_consent_text() -> str:
    return _(
        "[Required] Collection and use of personal data for this appeal. Purpose: counting "
        "your signature and delivering the names and countries of the signers to the appeal's "
        "target. Items: name, e-mail (to confirm your signature; never delivered), country, "
        "comment if you write one. Kept: until the appeal is delivered and for one year after. "
        "You may refuse, but then we cannot count your signature."
    )


def newsletter_consent_text() -> str:
    return _(
        "[Optional] Receiving our newsletter and news of urgent appeals by e-mail. Items: name, "
        "e-mail. Kept: until you withdraw this consent, which you can do at any time. Refusing "
        "does not affect your signature."
    )


def organisation_consent_text() -> str:
    return _(
        "[Required] Collection and use of your organisation's details for this joint "
        "statement. Purpose: reviewing your signature, showing your organisation's name, "
        "country, website and logo on the statement, and delivering them to its target. The "
        "contact person's name and e-mail are for staff only and never shown. Kept: until the "
        "statement is delivered and for one year after. You may refuse, but then we cannot add "
        "your organisation."
    )


class CountryField(forms.ChoiceField):
    """A country from the list. Its choices (about 250, in the reader's language) are read
    only when the form is shown; a posted value is checked against the set of codes, not by
    walking the list (each walk normalised the whole list again: a tenth of a signature's
    time in ``bench/advocacy.py``)."""

    def valid_value(self, value) -> bool:
        return value in CODES


def _country_choices(language: str):
    return lambda: [("", _("Choose…")), *country_choices(language)]


class _Honeypot(forms.Form):
    # A field people never see (hidden by CSS, skipped by the keyboard); bots fill it in.
    website_url = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(gettext_lazy("Please leave this field empty."))
        return ""


class SignForm(_Honeypot):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_MAX)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        help_text=gettext_lazy("We send a link here to confirm your signature."),
    )
    country = CountryField(
        label=gettext_lazy("Country"),
        error_messages={"invalid_choice": gettext_lazy("Please choose a country from the list.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_signature = forms.BooleanField(
        error_messages={"required": gettext_lazy("Signing needs this consent.")},
    )
    consent_newsletter = forms.BooleanField(required=False)

    def __init__(self, *args, language: str = "ko", **kwargs):
        # Django deep-copies every field for each form; a surge makes thousands of these, so
        # the fields are prepared once per language and texts (``_sign_fields``) and shared,
        # never changed afterwards (nothing in a request changes a field: binding, cleaning
        # and rendering read them). BaseForm is given nothing to copy.
        self.base_fields = {}
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.language = language
        self.consent_text = signature_consent_text()
        self.newsletter_text = newsletter_consent_text()
        self.fields = dict(_sign_fields(language, self.consent_text, self.newsletter_text))


@functools.lru_cache(maxsize=16)
def _sign_fields(language: str, consent_text: str, newsletter_text: str) -> dict:
    fields = copy.deepcopy(SignForm.base_fields)
    fields["country"].choices = _country_choices(language)
    fields["consent_signature"].label = consent_text
    fields["consent_newsletter"].label = newsletter_text
    return fields


LOGO_MAX_BYTES = 512 * 1024


class OrganisationSignForm(_Honeypot):
    name_ko = forms.CharField(
        label=gettext_lazy("Organisation's name in Korean"), max_length=NAME_MAX, required=False
    )
    name_en = forms.CharField(
        label=gettext_lazy("Organisation's name in English"), max_length=NAME_MAX, required=False
    )
    country = CountryField(
        label=gettext_lazy("Country"),
        error_messages={"invalid_choice": gettext_lazy("Please choose a country from the list.")},
    )
    contact_name = forms.CharField(label=gettext_lazy("Contact person"), max_length=NAME_MAX)
    email = forms.EmailField(label=gettext_lazy("Contact e-mail"), max_length=254)
    website = forms.URLField(
        label=gettext_lazy("Website (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo (optional)"),
        required=False,
        help_text=gettext_lazy("PNG or JPEG, at most 512 KB."),
    )
    consent = forms.BooleanField(
        error_messages={"required": gettext_lazy("Signing needs this consent.")},
    )

    def __init__(self, *args, language: str = "ko", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["country"].choices = _country_choices(language)
        self.consent_text = organisation_consent_text()
        self.fields["consent"].label = self.consent_text

    def _text(self, name: str) -> str:
        from .signatures import text_clean  # the service's own rule (it imports this module)

        return text_clean(self.cleaned_data.get(name) or "")

    def clean_name_ko(self):
        return self._text("name_ko")

    def clean_name_en(self):
        return self._text("name_en")

    def clean_contact_name(self):
        name = self._text("contact_name")
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean(self):
        data = super().clean()
        if not (data.get("name_ko") or "").strip() and not (data.get("name_en") or "").strip():
            raise forms.ValidationError(_("Please give the organisation's name."))
        return data

    def full_clean(self):
        super().full_clean()
        # A browser cannot be given a file back: when the form is shown again, say so at the
        # logo (unless the logo itself is what was wrong), so it is not lost without a word.
        if self.is_bound and self._errors and self.files.get("logo") and "logo" not in self._errors:
            self.add_error(
                "logo",
                _("Files are not kept when the form is shown again: please choose the logo again."),
            )

    def clean_logo(self):
        from .signons import logo_clean

        logo = self.cleaned_data.get("logo")
        return logo_clean(logo) if logo else None
