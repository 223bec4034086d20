"""Public forms. Each view validates one of these and calls one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .consent_texts import membership_consent_text, newsletter_consent_text
from .models import MembershipType, Supporter


class MembershipTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: MembershipType) -> str:
        if obj.dues:
            return _("%(name)s: %(dues)s won %(period)s") % {
                "name": obj.name,
                "dues": f"{obj.dues:,}",
                "period": obj.get_period_display(),
            }
        return _("%(name)s: free") % {"name": obj.name}


class JoinForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am joining as"),
        choices=Supporter.Kind.choices,
        initial=Supporter.Kind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the link to your supporter page here."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    membership_type = MembershipTypeChoiceField(
        label=_("Membership type"),
        queryset=MembershipType.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the membership types shown.")},
    )
    consent_membership = forms.BooleanField(
        label=_("I agree to the collection and use of my personal data for membership (required)."),
        error_messages={"required": _("Membership needs this consent.")},
    )
    consent_newsletter = forms.BooleanField(
        label=_("I would like the newsletter (optional)."), required=False
    )
    # A field people never see; bots fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership_text = membership_consent_text()
        self.newsletter_text = newsletter_consent_text()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class AccessRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "If you change it, we send a link to the new address; it is used once you open "
            "that link."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"), choices=Supporter.Language.choices
    )
    newsletter = forms.BooleanField(label=_("Send me the newsletter"), required=False)
