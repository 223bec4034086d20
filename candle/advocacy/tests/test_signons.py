"""Joint sign-ons: an organisation signs with a checked logo; staff approve or reject; the
approved list shows on the page grouped by country in both languages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from candle.advocacy.models import OrganisationSignature
from candle.advocacy.signons import organisation_signature_review

pytestmark = pytest.mark.django_db


def _png(size=(64, 32), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#e0892b").save(out, format=fmt)
    return out.getvalue()


def _data(**overrides):
    data = {
        "name_ko": "예시인권모임",
        "name_en": "Example Rights Group",
        "country": "KR",
        "contact_name": "홍길동예시",
        "email": "contact@group.example",
        "website": "https://group.example",
        "consent": "on",
        "website_url": "",
    }
    data.update(overrides)
    return data


def _url(appeal, language="ko"):
    return f"/{language}/advocacy/appeals/{appeal.pk}/organisations/"


def test_an_organisation_signs_with_a_logo_and_waits_for_review(client, appeal):
    form = client.get(_url(appeal))
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client.post(_url(appeal), {**_data(), "logo": logo})
    assert response.status_code == 200
    row = OrganisationSignature.objects.get()
    assert row.status == "pending" and row.logo.name.endswith(".png")
    assert "logo" not in row.logo.name.rsplit("/", 1)[-1]  # a random name, not the upload's
    again = client.post(_url(appeal), _data(name_ko="다른 이름"))
    assert again.status_code == 200
    assert OrganisationSignature.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("logo.png", b"GIF89a" + b"\x00" * 20),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("big.png", b"\x89PNG" + b"0" * (600 * 1024)),
    ],
)
def test_bad_logos_are_refused_and_nothing_stored(client, appeal, name, content):
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(_url(appeal), {**_data(), "logo": logo})
    assert response.status_code == 400
    assert not OrganisationSignature.objects.exists()


def test_a_huge_picture_is_refused(client, appeal):
    logo = SimpleUploadedFile("wide.png", _png(size=(4000, 10)), content_type="image/png")
    assert client.post(_url(appeal), {**_data(), "logo": logo}).status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name_ko", ""),
        ("country", "ZZ"),
        ("email", "nope"),
        ("website", "javascript:alert(1)"),
        ("contact_name", "\x00"),
        ("consent", ""),
        ("website_url", "bot"),
    ],
)
def test_bad_fields_are_refused(client, appeal, field, value):
    data = _data(**{field: value})
    if field == "name_ko":
        data["name_en"] = ""
    response = client.post(_url(appeal), data)
    assert response.status_code == 400
    assert not OrganisationSignature.objects.exists()


def test_approved_organisations_show_grouped_by_country_in_both_languages(
    client, appeal, appeal_en
):
    rows = []
    for number, (country, ko, en) in enumerate(
        [
            ("KR", "가예시모임", "Ga Example"),
            ("GB", "영국예시모임", "UK Example"),
            ("KR", "나예시모임", "Na Example"),
        ]
    ):
        rows.append(
            OrganisationSignature.objects.create(
                appeal=appeal,
                appeal_key=appeal.translation_key,
                name_ko=ko,
                name_en=en,
                country=country,
                contact_name="담당예시",
                email=f"o{number}@example.org",
                email_normalised=f"o{number}@example.org",
                consent_text="동의",
            )
        )
    rejected = OrganisationSignature.objects.create(
        appeal=appeal,
        appeal_key=appeal.translation_key,
        name_ko="거절예시",
        country="JP",
        contact_name="x",
        email="r@example.org",
        email_normalised="r@example.org",
        consent_text="동의",
    )
    assert "가예시모임" not in client.get(appeal.url).content.decode()
    for row in rows:
        organisation_signature_review(signature=row, approve=True)
    organisation_signature_review(signature=rejected, approve=False)
    ko = client.get(appeal.url).content.decode()
    assert "<h3>대한민국</h3>" in ko and "<h3>영국</h3>" in ko
    assert ko.index("가예시모임") < ko.index("나예시모임")
    assert "거절예시" not in ko and "담당예시" not in ko
    en = client.get(appeal_en.url).content.decode()
    assert "<h3>South Korea</h3>" in en and "Ga Example" in en and "UK Example" in en
