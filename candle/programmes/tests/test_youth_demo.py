import pytest

from candle.programmes.models import Application, YouthProgrammePage
from candle.programmes.youth.demo import demo_load

from .youth_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_youth_demo_is_idempotent_and_fictional(homes):
    assert len(demo_load()) == 1
    assert demo_load() == []
    open_ko = [
        p
        for p in YouthProgrammePage.objects.filter(locale__language_code="ko")
        if p.window_state() == "open"
    ]
    assert len(open_ko) == 2
    assert YouthProgrammePage.objects.filter(locale__language_code="en").count() == 2
    assert Application.objects.filter(status="awaiting_guardian").count() == 1
    assert all(a.email.endswith("@example.org") for a in Application.objects.all())
    assert {"김예시", "Example Kim"} <= set(Application.objects.values_list("name", flat=True))
