import pytest

from candle.programmes.demo import demo_load
from candle.programmes.models import EventPage, Registration

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_fictional(homes):
    homes["index"].delete()  # the demo makes its own index
    lines = demo_load()
    assert len(lines) == 4  # events, past event, paid event, lecture requests
    assert demo_load() == []
    assert EventPage.objects.filter(locale__language_code="ko").count() == 4
    assert EventPage.objects.filter(locale__language_code="en").count() == 3
    concert = EventPage.objects.get(slug="concert-example", locale__language_code="ko")
    assert concert.price == 15000
    by_status = {
        status: concert.registrations.filter(status=status).count()
        for status in ("confirmed", "unpaid", "waiting", "cancelled")
    }
    assert by_status == {"confirmed": 6, "unpaid": 2, "waiting": 2, "cancelled": 1}
    assert concert.registrations.filter(refund_due_at__isnull=False).count() == 1
    screening = EventPage.objects.get(slug="screening-example", locale__language_code="ko")
    assert screening.registrations.filter(status="confirmed").count() == 6
    assert screening.registrations.filter(status="waiting").count() == 3
    assert Registration.objects.filter(attended_at__isnull=False).exists()
    assert all(r.email.endswith("@example.org") for r in Registration.objects.all())
    from candle.programmes.models import LectureRequest

    states = set(LectureRequest.objects.values_list("status", flat=True))
    assert states == {"requested", "scheduled", "given", "declined", "cancelled"}
    assert all(r.email.endswith("@example.org") for r in LectureRequest.objects.all())
