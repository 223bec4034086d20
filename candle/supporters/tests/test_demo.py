import pytest

from candle.supporters.demo import demo_load
from candle.supporters.models import Membership, Supporter
from candle.supporters.selectors import supporter_duplicate_groups

pytestmark = pytest.mark.django_db


def test_demo_is_fictional_idempotent_and_has_a_duplicate_to_merge():
    lines = demo_load()
    count = Supporter.objects.count()
    assert demo_load() and Supporter.objects.count() == count
    assert lines and "Supporters" in lines[0]
    assert all(s.email == "" or s.email.endswith(".example") for s in Supporter.objects.all())
    assert (
        Membership.objects.filter(status="active").exists()
        and Membership.objects.filter(status="pending").exists()
    )
    groups = supporter_duplicate_groups()
    assert len(groups) == 1 and {s.name for s in groups[0]} == {"박샘플", "박 샘플"}
