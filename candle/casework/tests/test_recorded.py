"""The rows staff record once share one definition of who recorded them and when
(``models.recorded.Recorded``), and the tables stayed as the migrations made them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import models

from candle.casework.models import DossierEvent, FamilyConsent, ReliefGiven, RescueCost
from candle.casework.models.recorded import Recorded

RECORDED = (DossierEvent, FamilyConsent, ReliefGiven, RescueCost)


@pytest.mark.parametrize("model", RECORDED, ids=lambda model: model.__name__)
def test_each_recorded_row_takes_the_shared_fields(model):
    assert issubclass(model, Recorded)
    by = model._meta.get_field("recorded_by")
    assert by.remote_field.on_delete is models.PROTECT and by.remote_field.related_name == "+"
    assert model._meta.get_field("recorded_at").auto_now_add


@pytest.mark.django_db  # makemigrations reads the migration history
def test_the_schema_is_what_the_migrations_say():
    """An abstract base changes no column: ``makemigrations --check`` finds nothing to do."""
    out = io.StringIO()
    call_command("makemigrations", "casework", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
