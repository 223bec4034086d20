"""Staff forms that add a record store it once, however often they are sent (a double click, a
reload that sends the form again, the back button): the form carries a ``submission_token``
made when it was shown, and ``submission_first`` claims it in the transaction that stores the
record. A second request with the same token finds the claim (on PostgreSQL it waits for the
first one's commit on the unique index) and stores nothing; a first one that fails rolls its
claim back with it, so sending again after an error still stores.

The public forms (gifts, dues) keep their token on the row they make (``giving.Payment``);
staff forms make rows of many kinds, so the claim has its own table.
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission


def submission_token_new() -> str:
    return uuid.uuid4().hex


class SubmissionTokenField(forms.CharField):
    """The hidden token (letters and digits, at most 64)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "error_messages",
            {"required": _("The form has expired. Please reload the page and send it again.")},
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not value.isalnum():
            raise ValidationError(
                _("The form has expired. Please reload the page and send it again."),
                code="token",
            )


def submission_first(token: str) -> bool:
    """Claim ``token``; False when it was claimed before (the form was sent already). Call it
    inside the ``transaction.atomic()`` that stores the form's record."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token)
    except IntegrityError:
        return False
    return True
