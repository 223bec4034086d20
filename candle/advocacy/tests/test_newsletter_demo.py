"""The demo's two sent newsletter issues: through the real services, nobody really mailed."""

from __future__ import annotations

import pytest

from candle.advocacy import demo_newsletters
from candle.advocacy.models import NewsletterDelivery, NewsletterIssue
from candle.supporters import demo as supporters_demo

pytestmark = pytest.mark.django_db


def test_demo_sends_two_issues_to_the_demo_subscribers_once(site_tree):
    supporters_demo.demo_load()
    lines = demo_newsletters.demo_load()
    assert len(lines) == 2
    issues = NewsletterIssue.objects.all()
    assert issues.count() == 2 and {i.status for i in issues} == {"sent"}
    deliveries = NewsletterDelivery.objects.all()
    assert deliveries.exists() and {d.status for d in deliveries} == {"sent"}
    assert all(d.email.endswith(".example") for d in deliveries)
    assert demo_newsletters.demo_load() == []  # idempotent
    assert NewsletterIssue.objects.count() == 2
