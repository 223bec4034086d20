import pytest

from candle.advocacy.demo import demo_load
from candle.advocacy.models import AppealPage, OrganisationSignature, Signature

pytestmark = pytest.mark.django_db


def test_demo_appeals_signatures_and_organisations(homes, client):
    lines = demo_load()
    assert lines and "advocacy" in lines[0]
    assert AppealPage.objects.filter(status="open").count() == 2  # ko and en
    assert AppealPage.objects.filter(status="delivered").count() == 2
    assert Signature.objects.count() == 180 + 312
    assert OrganisationSignature.objects.filter(status="approved").count() == 12
    assert all(s.email.endswith(".example") for s in Signature.objects.all()[:50])
    assert demo_load()  # a second run adds nothing
    assert Signature.objects.count() == 180 + 312
    urgent = AppealPage.objects.get(slug="urgent-appeal-example", locale__language_code="en")
    text = client.get(urgent.url).content.decode()
    assert "Example Rights Watch UK" in text and "<h3>United Kingdom</h3>" in text
