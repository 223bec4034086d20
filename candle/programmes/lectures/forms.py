"""Forms of lecture booking: the public request, the survey after the lecture, and staff's
scheduling and outcome forms. Every field is parsed here; views only call the services."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candle.programmes.forms import consent_attach, visible

from .choices import AgeGroup, InstitutionType, Language, Region, Topic

MAX_AUDIENCE = 5000
MAX_DAYS_AHEAD = 366
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
PHONE_PATTERN = re.compile(r"^[0-9+\-() .]{7,40}$")


def lecture_consent_text() -> str:
    return _(
        "[Required] Collection and use of personal data for a lecture request. Purpose: "
        "arranging the lecture you ask for, its confirmation and a short survey afterwards. "
        "Items: the contact person's name, phone number and e-mail address. Kept: one year "
        "after the lecture (or after your request, if no lecture takes place), then erased. "
        "You may refuse, but then we cannot arrange a lecture."
    )


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _choice(label, choices, message):
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        error_messages={"invalid_choice": message, "required": message},
    )


class LectureRequestForm(forms.Form):
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    institution_type = _choice(
        gettext_lazy("Type of institution"),
        InstitutionType.choices,
        gettext_lazy("Please choose the type of institution."),
    )
    institution_name = forms.CharField(
        label=gettext_lazy("Name of the institution"), max_length=200
    )
    region = _choice(
        gettext_lazy("Region"),
        Region.choices,
        gettext_lazy("Please choose a region from the list."),
    )
    contact_name = forms.CharField(label=gettext_lazy("Contact person"), max_length=100)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    age_group = _choice(
        gettext_lazy("Audience"), AgeGroup.choices, gettext_lazy("Please choose the audience.")
    )
    audience_size = forms.IntegerField(
        label=gettext_lazy("Expected number of listeners"),
        min_value=1,
        max_value=MAX_AUDIENCE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    preferred_date_1 = forms.DateField(
        label=gettext_lazy("Preferred date"), widget=_DateInput(), input_formats=["%Y-%m-%d"]
    )
    preferred_date_2 = forms.DateField(
        label=gettext_lazy("Second choice (optional)"),
        required=False,
        widget=_DateInput(),
        input_formats=["%Y-%m-%d"],
    )
    preferred_date_3 = forms.DateField(
        label=gettext_lazy("Third choice (optional)"),
        required=False,
        widget=_DateInput(),
        input_formats=["%Y-%m-%d"],
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the lecture"),
        choices=Language.choices,
        widget=forms.RadioSelect,
    )
    topic = _choice(gettext_lazy("Topic"), Topic.choices, gettext_lazy("Please choose a topic."))
    topic_detail = forms.CharField(
        label=gettext_lazy("What would you like the lecture to cover? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(label="", required=True)
    # A field people never see; bots fill it in.
    website = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, language: str = "ko", **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("submission_token", secrets.token_hex(16))
        initial.setdefault("language", language)
        super().__init__(*args, **kwargs)
        consent_attach(
            self,
            text=lecture_consent_text(),
            refused=_(
                "Please agree to the collection of the contact details, or we cannot arrange a "
                "lecture."
            ),
        )
        messages = {
            "institution_name": _("Please enter the name of the institution."),
            "contact_name": _("Please enter the name of a contact person."),
            "phone": _("Please enter a phone number."),
            "email": _("Please enter an e-mail address."),
            "audience_size": _("Please enter how many people will listen."),
            "preferred_date_1": _("Please enter a preferred date."),
        }
        messages["submission_token"] = _("The form has expired. Please reload the page.")
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        for name in ("preferred_date_1", "preferred_date_2", "preferred_date_3"):
            self.fields[name].error_messages["invalid"] = _(
                "Please enter a date as year-month-day, for example 2027-03-15."
            )
        self.fields["audience_size"].error_messages.update(
            invalid=_("Please enter a whole number."),
            min_value=_("Please enter at least 1."),
            max_value=_("For more than %(limit)s people, please write to us.")
            % {"limit": f"{MAX_AUDIENCE:,}"},
        )
        self.fields["email"].error_messages["invalid"] = _("Please enter a valid e-mail address.")
        self.fields["language"].error_messages["invalid_choice"] = _(
            "Please choose Korean or English."
        )
        self.fields["contact_name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["institution_name"].widget.attrs.update(autocomplete="organization")

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not TOKEN_PATTERN.match(token):
            raise forms.ValidationError(_("The form has expired. Please reload the page."))
        return token

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def _text(self, name: str, message: str) -> str:
        value = _one_line(self.cleaned_data[name])
        if not value:
            raise forms.ValidationError(message)
        return value

    def clean_institution_name(self):
        return self._text("institution_name", _("Please enter the name of the institution."))

    def clean_contact_name(self):
        return self._text("contact_name", _("Please enter the name of a contact person."))

    def clean_phone(self):
        phone = _one_line(self.cleaned_data["phone"])
        if not PHONE_PATTERN.match(phone) or sum(ch.isdigit() for ch in phone) < 7:
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, for example 02-123-4567.")
            )
        return phone

    def clean_topic_detail(self):
        return visible(self.cleaned_data["topic_detail"]).strip()

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
        seen: set[dt.date] = set()
        for name in ("preferred_date_1", "preferred_date_2", "preferred_date_3"):
            day = cleaned.get(name)
            if day is None:
                continue
            if day <= today:
                self.add_error(name, _("Please choose a date after today."))
            elif day > latest:
                self.add_error(name, _("Please choose a date within the next twelve months."))
            elif day in seen:
                self.add_error(name, _("Please choose a different date from the ones above."))
            seen.add(day)
        if cleaned.get("topic") == Topic.OTHER and not cleaned.get("topic_detail"):
            self.add_error("topic_detail", _("Please describe the topic you would like."))
        return cleaned

    def visible_fields_main(self):
        hidden = {"submission_token", "consent", "website"}
        return [field for field in self if field.name not in hidden]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How useful was the lecture?"),
        choices=[
            (5, gettext_lazy("5 – very useful")),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, gettext_lazy("1 – not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Please choose a rating from 1 to 5.")
        self.fields["rating"].error_messages.update(required=message, invalid_choice=message)

    def clean_comment(self):
        return visible(self.cleaned_data["comment"]).strip()


# --- staff ------------------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    """Staff pick one of the preferred dates or another, a time, and a speaker."""

    day = forms.ChoiceField(label=gettext_lazy("Date"), widget=forms.RadioSelect)
    other_day = forms.DateField(
        label=gettext_lazy("Another date"),
        required=False,
        widget=_DateInput(),
        input_formats=["%Y-%m-%d"],
    )
    time = forms.TimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Length (minutes)"), min_value=15, max_value=480, initial=90
    )
    venue = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    speaker = forms.ModelChoiceField(
        label=gettext_lazy("Speaker (staff)"), queryset=None, required=False
    )
    speaker_name = forms.CharField(
        label=gettext_lazy("Or the speaker's name"), max_length=100, required=False
    )

    def __init__(self, *args, lecture, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(d.isoformat(), d.isoformat()) for d in lecture.preferred_dates]
        self.fields["day"].choices = [*choices, ("other", _("Another date"))]
        self.fields["speaker"].queryset = speakers
        self.fields["speaker"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        if lecture.scheduled_at:
            local = timezone.localtime(lecture.scheduled_at)
            day = local.date().isoformat()
            self.initial.update(
                day=day if day in dict(choices) else "other",
                other_day=local.date(),
                time=local.time(),
                duration_minutes=lecture.duration_minutes,
                venue=lecture.venue,
                speaker=lecture.speaker_id,
                speaker_name=lecture.speaker_name,
            )
        elif choices:
            self.initial.setdefault("day", choices[0][0])

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        if day == "other":
            chosen = cleaned.get("other_day")
            if chosen is None:
                self.add_error("other_day", _("Please enter the other date."))
        elif day:
            chosen = dt.date.fromisoformat(day)
        else:
            chosen = None
        if chosen and cleaned.get("time"):
            cleaned["starts_at"] = timezone.make_aware(dt.datetime.combine(chosen, cleaned["time"]))
        cleaned["speaker_name"] = _one_line(cleaned.get("speaker_name") or "")
        cleaned["venue"] = _one_line(cleaned.get("venue") or "")
        if not cleaned.get("speaker") and not cleaned["speaker_name"]:
            self.add_error("speaker_name", _("Please choose a speaker or enter a name."))
        return cleaned


class GivenForm(forms.Form):
    people_reached = forms.IntegerField(
        label=gettext_lazy("People reached"), min_value=0, max_value=100_000
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (staff only)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_note(self):
        return visible(self.cleaned_data["note"]).strip()
