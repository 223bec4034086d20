"""The donation form used on campaign pages and the give page."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .formatting import money_display
from .models import CampaignPage, GivePage
from .models.choices import Currency, Frequency
from .services import amount_validate

# The exact words the donor agrees to; recorded with each consent (supporters.Consent.text).
CONSENT_TEXT = _(
    "I agree that the organisation keeps my name, e-mail address and phone number and the record "
    "of this gift to process it, to thank me and to keep its accounts (kept for 5 years after my last gift, "
    "as the tax law requires)."
)
RECEIPT_CONSENT_TEXT = _(
    "I ask for a donation receipt (기부금영수증) and agree that the organisation keeps my resident "
    "registration number, encrypted, to issue it and to report it to the National Tax Service."
)
OTHER = "other"


class NoEchoTextInput(forms.TextInput):
    """A text box that never writes its value back into the page: a resident registration
    number typed once is not echoed in ``value=`` when the form is shown again."""

    def format_value(self, value):
        return None


class DonationForm(forms.Form):
    page_id = forms.IntegerField(widget=forms.HiddenInput)
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.ONE_OFF,
    )
    preset = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect, required=False)
    amount_other = forms.CharField(
        label=_("Other amount"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    receipt_requested = forms.BooleanField(label=RECEIPT_CONSENT_TEXT, required=False)
    tax_id = forms.CharField(
        label=_("Resident registration number (only for the receipt)"),
        max_length=20,
        required=False,
        help_text=_("Stored encrypted and shown only masked. You may also give it later."),
        widget=NoEchoTextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _("Please agree to how we keep your details, or we cannot take the gift.")
        },
    )

    def __init__(self, *args, page: CampaignPage | GivePage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        presets = page.presets if page is not None else []
        currency = page.currency if page is not None else ""
        self.fields["preset"].choices = [(str(p), money_display(p, currency)) for p in presets] + [
            (OTHER, _("Other amount"))
        ]
        if page is not None and not page.allow_monthly:
            self.fields["frequency"].choices = [(Frequency.ONE_OFF, Frequency.ONE_OFF.label)]
        if page is not None and page.currency != Currency.KRW:
            # A Korean donation receipt is for won gifts only: nothing to ask, nothing to keep.
            del self.fields["receipt_requested"], self.fields["tax_id"]

    @property
    def receipts_offered(self) -> bool:
        """Whether this page's gifts can get a donation receipt (won only)."""
        return self.page is not None and self.page.currency == Currency.KRW

    @property
    def tax_id_retype(self) -> bool:
        """The form is shown again after an error and a resident registration number had been
        typed: it is not shown back, so the donor is asked to type it again."""
        return (
            self.is_bound
            and bool(self.errors)
            and self.receipts_offered
            and bool((self.data.get("tax_id") or "").strip())
        )

    @classmethod
    def for_page(cls, page) -> DonationForm:
        presets = page.presets
        return cls(
            page=page,
            initial={
                "page_id": page.pk,
                "submission_token": uuid.uuid4().hex,
                "preset": str(presets[1] if len(presets) > 1 else presets[0]) if presets else OTHER,
            },
        )

    def clean_page_id(self):
        page_id = self.cleaned_data["page_id"]
        page = (
            Page.objects.live().filter(pk=page_id).specific().first()
            if 0 < page_id < 2**31
            else None
        )
        if not isinstance(page, CampaignPage | GivePage):
            raise ValidationError(_("This campaign does not exist or is closed."), code="campaign")
        if isinstance(page, CampaignPage) and not page.is_open:
            raise ValidationError(
                _("This campaign has ended and no longer takes gifts."), code="campaign_closed"
            )
        self.page = page
        self.fields["preset"].choices = DonationForm(page=page).fields["preset"].choices
        return page_id

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not token.isalnum():
            raise ValidationError(_("The form has expired. Please reload the page."), code="token")
        return token

    def clean(self):
        cleaned = super().clean()
        if self.page is None or "page_id" not in cleaned:
            return cleaned
        if not self.receipts_offered:
            # Posted to a page in another currency (the fields were not even shown): ignored.
            for name in ("receipt_requested", "tax_id"):
                self._errors.pop(name, None)
            cleaned["receipt_requested"], cleaned["tax_id"] = False, ""
        self._amount_clean(cleaned)
        if cleaned.get("frequency") == Frequency.MONTHLY and not self.page.allow_monthly:
            self.add_error("frequency", _("Choose a one-off or a monthly gift."))
        if cleaned.get("tax_id") and not cleaned.get("receipt_requested"):
            cleaned["tax_id"] = ""  # asked only for a receipt: not kept otherwise
        return cleaned

    def _amount_clean(self, cleaned: dict) -> None:
        """The amount is the chosen preset, or the other amount when *Other amount* is chosen.
        The other amount never silently beats a chosen preset: both given and different is an
        error asking which one was meant (without JavaScript the default preset stays chosen
        while someone types another amount). With no choice at all, a typed amount counts."""
        raw = (cleaned.get("amount_other") or "").replace(",", "").replace(" ", "")
        preset = cleaned.get("preset") or ""
        if "preset" in self._errors:
            return  # a preset that is not on offer: its own message says so
        if preset and preset != OTHER:
            if raw and self._number(raw) != Decimal(preset):
                self.add_error(
                    "amount_other",
                    _(
                        "You chose %(preset)s and also typed another amount. To give the "
                        "other amount, choose “Other amount”; otherwise clear it."
                    )
                    % {"preset": dict(self.fields["preset"].choices).get(preset, preset)},
                )
                return
            text = preset
        else:
            text = raw
        if not text:
            self.add_error(
                "amount_other",
                _("Enter the other amount.")
                if preset == OTHER
                else _("Choose an amount or enter one."),
            )
            return
        amount = self._number(text)
        if amount is None:
            self.add_error("amount_other", _("Enter an amount in numbers."))
            return
        try:
            cleaned["amount"] = amount_validate(amount=amount, currency=self.page.currency)
        except ValidationError as error:
            self.add_error("amount_other", error)

    @staticmethod
    def _number(text: str) -> Decimal | None:
        if len(text) > 20:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None  # "NaN", "sNaN", "Infinity": not amounts


class DuesForm(forms.Form):
    """The dues page's one field: the token that stops a double submit (the page writes a
    fresh one; anything else, NUL bytes and overlong text included, is an expired form)."""

    submission_token = forms.CharField(max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expired = _("The form has expired. Please reload the page.")
        self.fields["submission_token"].error_messages.update(
            required=expired, max_length=expired, null_characters_not_allowed=expired
        )

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not (token.isascii() and token.isalnum()):
            raise ValidationError(_("The form has expired. Please reload the page."), code="token")
        return token
