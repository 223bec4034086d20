"""The membership types listing shows dues grouped by thousands, as staff read money."""

from __future__ import annotations

import pytest

from candle.supporters.models import MembershipType

pytestmark = pytest.mark.django_db


def test_dues_read_with_thousands_separators(admin_client):
    MembershipType.objects.create(name_ko="정회원예시", name_en="Example member", dues=30000)
    html = admin_client.get("/admin/snippets/supporters/membershiptype/").content.decode()
    assert "30,000" in html
    assert ">30000<" not in html
