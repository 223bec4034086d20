"""The public side: the appeal page in both languages, the sign form without JavaScript,
the mailed link, a second try, the honeypot, rate limits, hostile input, the count."""

import json
import re

import pytest
from django.core import mail

from candle.advocacy import appeal_views
from candle.advocacy.models import Signature
from candle.core.ratelimit import Limit

from .conftest import sign_data

pytestmark = pytest.mark.django_db


def _sign_url(appeal, language="ko"):
    return f"/{language}/advocacy/appeals/{appeal.pk}/sign/"


def test_the_appeal_page_in_both_languages(client, appeal, appeal_en):
    ko = client.get(appeal.url)
    assert ko.status_code == 200
    text = ko.content.decode()
    assert "강제북송 중단 긴급 호소" in text and "주한 중국대사관" in text
    assert 'name="email"' in text and 'name="country"' in text
    assert "csrfmiddlewaretoken" not in text  # the page stays cacheable
    assert f'data-count-url="/ko/advocacy/appeals/{appeal.pk}/count/"' in text
    assert "대한민국" in text
    en = client.get(appeal_en.url)
    assert en.status_code == 200
    assert "South Korea" in en.content.decode()
    assert 'hreflang="en"' in text


def test_sign_without_javascript_then_confirm(client, appeal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_sign_url(appeal), sign_data(consent_newsletter="on"))
    assert response.status_code == 302
    assert response["Location"].endswith("/signed/?s=sent")
    assert "메일" in client.get(response["Location"]).content.decode()
    signature = Signature.objects.get()
    assert not signature.counted and signature.newsletter
    token = re.search(r"/confirm/([^/\s]+)/", mail.outbox[0].body).group(1)
    page = client.get(f"/ko/advocacy/appeals/confirm/{token}/")
    assert page.status_code == 200
    Signature.objects.filter(pk=signature.pk).update()  # the GET confirms nothing
    signature.refresh_from_db()
    assert not signature.counted
    done = client.post(f"/ko/advocacy/appeals/confirm/{token}/")
    assert done.status_code == 200
    signature.refresh_from_db()
    assert signature.counted
    bad = client.post("/ko/advocacy/appeals/confirm/nonsense/")
    assert bad.status_code == 400


def test_sign_in_english_mails_in_english(client, appeal_en, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_sign_url(appeal_en, "en"), sign_data(country="GB"))
    assert response.status_code == 302
    assert Signature.objects.get().language == "en"
    assert "Confirm your signature" in mail.outbox[0].subject
    assert "/en/advocacy/appeals/confirm/" in mail.outbox[0].body


def test_signing_twice_says_so_kindly_and_changes_nothing(client, appeal, appeal_en):
    client.post(_sign_url(appeal), sign_data(comment="처음"))
    again = client.post(_sign_url(appeal_en, "en"), sign_data(email="HONG.example@example.org"))
    assert again.status_code == 200
    assert "already signed" in again.content.decode()
    assert Signature.objects.count() == 1
    assert Signature.objects.get().comment == "처음"


def test_the_honeypot_stores_nothing(client, appeal):
    response = client.post(_sign_url(appeal), sign_data(website_url="http://spam.example"))
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_consent_is_required(client, appeal):
    response = client.post(_sign_url(appeal), sign_data(consent_signature=None))
    assert response.status_code == 400
    assert "동의" in response.content.decode()
    assert not Signature.objects.exists()


HOSTILE = [
    "",
    " ",
    "\x00",
    "가" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e\u200b",
    "%00%0d%0a",
    "😀" * 300,
]


@pytest.mark.parametrize("field", ["name", "email", "country", "comment", "consent_signature"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_on_every_field(client, appeal, field, value):
    response = client.post(_sign_url(appeal), sign_data(**{field: value}))
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400:
        assert not Signature.objects.exists()
        assert "<script>alert(1)</script>" not in response.content.decode()
    for row in Signature.objects.all():
        assert "\x00" not in row.name + row.comment


def test_duplicated_fields_and_oversized_bodies(client, appeal):
    response = client.post(
        _sign_url(appeal),
        "name=a&name=b&email=x%40example.org&email=y%40example.org&country=KR&country=XX"
        "&consent_signature=on",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400)
    assert Signature.objects.count() <= 1


def test_an_unknown_or_huge_appeal_id_is_404(client, appeal):
    assert (
        client.post("/ko/advocacy/appeals/99999999999999999999/sign/", sign_data()).status_code
        == 404
    )
    assert client.get("/ko/advocacy/appeals/99999999999999999999/count/").status_code == 404
    assert client.get(f"/ko/advocacy/appeals/{appeal.pk + 999}/count/").status_code == 404


@pytest.mark.parametrize("language", ["ko", "en"])
def test_rate_limits_answer_429_in_the_readers_language(
    client, appeal, appeal_en, monkeypatch, language
):
    monkeypatch.setitem(
        appeal_views.RATE_LIMITS, "sign", (Limit(2, 600), Limit(100, 600), Limit(100, 3600))
    )
    page = appeal if language == "ko" else appeal_en
    for number in range(2):
        client.post(_sign_url(page, language), sign_data(email=f"p{number}@example.org"))
    response = client.post(_sign_url(page, language), sign_data(email="p9@example.org"))
    assert response.status_code == 429
    text = response.content.decode()
    assert ("너무 많이" in text) if language == "ko" else ("Too many attempts" in text)
    assert Signature.objects.count() == 2


def test_rate_limit_per_network_and_per_email(client, appeal, monkeypatch, settings):
    settings.CANDLE_TRUSTED_PROXIES = ["127.0.0.1"]
    monkeypatch.setitem(
        appeal_views.RATE_LIMITS, "sign", (Limit(100, 600), Limit(2, 600), Limit(100, 3600))
    )
    for number in range(2):
        client.post(
            _sign_url(appeal),
            sign_data(email=f"n{number}@example.org"),
            REMOTE_ADDR=f"203.0.113.{number + 1}",
        )
    # a third address of the same /24 is over the per-network limit; another network is not
    third = client.post(
        _sign_url(appeal), sign_data(email="n9@example.org"), REMOTE_ADDR="203.0.113.9"
    )
    assert third.status_code == 429
    other = client.post(
        _sign_url(appeal), sign_data(email="n8@example.org"), REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302
    assert appeal_views.network_of("203.0.113.7") == "203.0.113.0/24"
    assert appeal_views.network_of("2001:db8::1") == "2001:db8::/64"
    monkeypatch.setitem(
        appeal_views.RATE_LIMITS, "sign", (Limit(100, 600), Limit(100, 600), Limit(1, 3600))
    )
    client.post(_sign_url(appeal), sign_data(email="same@example.org"))
    response = client.post(_sign_url(appeal), sign_data(email="same@example.org"))
    assert response.status_code == 429


def test_the_count_endpoint_is_public_and_kept_ten_seconds(client, appeal, homes):
    from candle.advocacy.appeals import COUNT_SECONDS
    from candle.advocacy.signatures import signature_create

    response = client.get(f"/ko/advocacy/appeals/{appeal.pk}/count/")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={COUNT_SECONDS}"
    assert COUNT_SECONDS <= 10
    data = json.loads(response.content)
    assert data == {"count": 0, "goal": 1000, "percent": 0, "label": data["label"]}
    Signature.objects.create(
        appeal=appeal,
        appeal_key=appeal.translation_key,
        name="가",
        email="a@example.org",
        email_normalised="a@example.org",
        country="KR",
        consent_text="x",
        counted=True,
    )
    assert json.loads(client.get(f"/ko/advocacy/appeals/{appeal.pk}/count/").content)["count"] == 0
    from django.core.cache import cache

    cache.clear()  # ten seconds later
    later = json.loads(client.get(f"/en/advocacy/appeals/{appeal.pk}/count/").content)
    assert later["count"] == 1 and later["label"] == "1 signature of 1,000"
    assert signature_create  # the service is what the form calls; counted through the same row


def test_home_and_work_area_list_open_appeals(client, appeal, homes):
    from .conftest import appeal_make

    appeal_make(homes["ko"], status="closed", slug="closed", title="닫힌 호소")
    text = client.get("/ko/").content.decode()
    assert appeal.title in text
    assert "닫힌 호소" not in text


def test_the_success_redirect_carries_no_policy_and_the_form_page_does(client, appeal):
    signed = client.post(_sign_url(appeal), sign_data(email="csp@example.org"))
    assert signed.status_code == 302 and "Content-Security-Policy" not in signed
    refused = client.post(_sign_url(appeal), sign_data(email="not an address"))
    assert refused.status_code == 400
    assert "default-src" in refused["Content-Security-Policy"]


def test_the_sign_forms_fields_are_prepared_once_per_language_and_never_shared_across():
    from django.utils import translation

    from candle.advocacy.forms import SignForm

    with translation.override("ko"):
        ko = SignForm(language="ko")
        ko_html = ko.as_div()
        bound = SignForm({"name": "", "country": "XX"}, language="ko")
        assert not bound.is_valid() and "country" in bound.errors
    with translation.override("en"):
        en = SignForm(language="en")
        en_html = en.as_div()
    assert ko.fields["consent_signature"].label != en.fields["consent_signature"].label
    assert "[Required]" in en_html and "[Required]" not in ko_html
    assert "South Korea" in en_html or "Korea, Republic of" in en_html
    with translation.override("ko"):
        again = SignForm(language="ko")
    assert again.fields["country"] is ko.fields["country"]  # prepared once, then shared
    assert again.fields is not ko.fields and not again.is_bound and not again.errors
