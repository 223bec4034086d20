"""Staff forms that add a record store it once, however often they are sent (a double click, a
reload that sends the form again, the back button): the form carries a ``submission_token``
made when it was shown, and ``submission_first`` claims it in the transaction that stores the
record. A second request with the same token finds the claim (on PostgreSQL it waits for the
first one's commit on the unique index) and stores nothing; a first one that fails rolls its
claim back with it, so sending again after an error still stores.

The public forms (gifts, dues) keep their token on the row they make (``giving.Payment``);
staff forms make rows of many kinds, so the claim has its own table.

Claims are deleted after ``SUBMISSION_KEEP`` (the daily job ``operations.submissions_prune``).
A form sent again can only arrive while the staff session that showed it lives: a session
ends after ``CANDLE_STAFF_SESSION_MAX_SECONDS`` (12 hours), and signing in again changes the
CSRF token, so the old page's form is refused before it reaches the claim. Seven days is
far past that (a test keeps it longer than the session limit).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

SUBMISSION_KEEP = dt.timedelta(days=7)


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


def submissions_prune(*, now: dt.datetime | None = None) -> int:
    """Delete the claims older than ``SUBMISSION_KEEP``; returns how many."""
    cutoff = (now or timezone.now()) - SUBMISSION_KEEP
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
