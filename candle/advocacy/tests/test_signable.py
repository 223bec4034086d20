"""The sign view keeps what it needs of an appeal in the data cache (``signable``): a surge
does not read the page on every post, yet a change to the appeal takes effect on the next
post (closing it, unpublishing it, putting it behind a view restriction)."""

import pytest
from wagtail.models import PageViewRestriction

from candle.advocacy.models import Signature
from candle.advocacy.signable import appeal_signable

from .conftest import sign_data

pytestmark = pytest.mark.django_db


def _sign(client, appeal, n):
    return client.post(
        f"/ko/advocacy/appeals/{appeal.pk}/sign/",
        sign_data(email=f"kept-{n}@example.invalid"),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
    )


def test_a_kept_appeal_is_not_read_again(client, appeal, django_assert_max_num_queries):
    assert _sign(client, appeal, 1).status_code == 302  # keeps the facts
    with django_assert_max_num_queries(0):
        kept = appeal_signable(appeal.pk)
    assert (kept.pk, kept.translation_key, kept.is_open) == (
        appeal.pk,
        appeal.translation_key,
        True,
    )
    assert _sign(client, appeal, 2).status_code == 302
    assert Signature.objects.filter(appeal_key=appeal.translation_key).count() == 2
    assert Signature.objects.get(email="kept-2@example.invalid").appeal_id == appeal.pk


def test_closing_the_appeal_refuses_the_next_post(client, appeal):
    assert _sign(client, appeal, 1).status_code == 302
    appeal.status = "closed"
    appeal.save_revision().publish()
    response = _sign(client, appeal, 2)
    assert response.status_code == 200
    assert not Signature.objects.filter(email="kept-2@example.invalid").exists()


def test_unpublishing_the_appeal_answers_404(client, appeal):
    assert _sign(client, appeal, 1).status_code == 302
    appeal.unpublish()
    assert _sign(client, appeal, 2).status_code == 404
    assert not Signature.objects.filter(email="kept-2@example.invalid").exists()


def test_a_view_restriction_above_the_appeal_answers_404(client, appeal, homes):
    assert _sign(client, appeal, 1).status_code == 302
    PageViewRestriction.objects.create(page=homes["ko"], restriction_type=PageViewRestriction.LOGIN)
    assert _sign(client, appeal, 2).status_code == 404
    assert not Signature.objects.filter(email="kept-2@example.invalid").exists()
