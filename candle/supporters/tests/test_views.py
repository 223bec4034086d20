import re

import pytest
from django.core import mail

from candle.supporters.access import access_link_create
from candle.supporters.factories import SupporterFactory
from candle.supporters.models import AccessLink, Consent, Membership, PendingJoin, Supporter
from candle.supporters.services import supporter_anonymise

pytestmark = pytest.mark.django_db

JOIN = "/{lang}/supporters/join/"


def _join_data(kind_of_membership, **overrides):
    data = {
        "kind": "person",
        "name": "김가명",
        "email": "join@candle.example",
        "phone": "010-5555-6666",
        "membership_type": kind_of_membership.pk,
        "consent_membership": "on",
        "consent_newsletter": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _link_from(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_join_form_shows_types_and_consent_texts_in_each_language(
    client, paid_type, free_type, lang
):
    response = client.get(JOIN.format(lang=lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    if lang == "ko":
        assert "정회원" in html and "[필수]" in html and "30,000" in html
    else:
        assert "Regular member" in html and "[Required]" in html


def _join(client, membership_type, lang="ko", capture=None, **overrides):
    """Post the join form (enqueued mail sent), return the response and the mailed link."""
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(JOIN.format(lang=lang), _join_data(membership_type, **overrides))
    sent = mail.outbox[before:]
    return response, (_link_from(sent[0]) if sent else None)


def test_join_records_nothing_until_the_mailed_link_is_confirmed(
    client, paid_type, django_capture_on_commit_callbacks
):
    response, link = _join(client, paid_type, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/ko/supporters/join/sent/"
    assert not Supporter.objects.exists() and not Membership.objects.exists()
    assert not Consent.objects.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["join@candle.example"]
    assert link.startswith("/ko/supporters/join/confirm/")
    assert client.get(link).status_code == 200  # a mail scanner's GET applies nothing
    assert not Supporter.objects.exists()
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and "/ko/give/dues/" in confirmed["Location"]
    supporter = Supporter.objects.get()
    assert (supporter.email, supporter.preferred_language) == ("join@candle.example", "ko")
    assert Membership.objects.get().status == Membership.Status.PENDING
    consents = {c.purpose: c for c in Consent.objects.all()}
    assert set(consents) == {"membership", "newsletter"}
    assert consents["membership"].text.startswith("[필수]")  # the Korean words the person saw
    assert consents["membership"].source == "/ko/supporters/join/"
    assert client.get("/ko/supporters/me/account/").status_code == 200  # their page is open
    assert client.__class__().post(link).status_code == 400  # once only
    assert Membership.objects.count() == 1


def test_a_double_submit_records_nothing_twice(
    client, paid_type, django_capture_on_commit_callbacks
):
    _, first = _join(client, paid_type, lang="en", capture=django_capture_on_commit_callbacks)
    _, second = _join(client, paid_type, lang="en", capture=django_capture_on_commit_callbacks)
    assert client.post(first).status_code == 302
    assert client.post(second).status_code == 302
    assert Supporter.objects.count() == 1
    assert Membership.objects.count() == 1
    assert Consent.objects.filter(purpose="newsletter").count() == 1
    assert Consent.objects.filter(purpose="membership").count() == 1


@pytest.mark.parametrize(
    ("overrides", "ko_message"),
    [
        ({"email": "not-an-email"}, "이메일"),
        ({"consent_membership": ""}, "동의"),
        ({"name": ""}, "필수"),
        ({"name": "가" * 500}, "200"),
        ({"phone": "12"}, "전화"),
        ({"membership_type": "999999"}, "회원 유형"),
        ({"membership_type": "'; DROP TABLE"}, "회원 유형"),
        ({"website": "http://spam.example"}, "비워"),
    ],
)
def test_bad_join_input_gets_a_korean_message_and_records_nothing(
    client, paid_type, overrides, ko_message
):
    response = client.post(JOIN.format(lang="ko"), _join_data(paid_type, **overrides))
    assert response.status_code == 400
    assert ko_message in response.content.decode()
    assert not Supporter.objects.exists() and not Consent.objects.exists()
    assert not PendingJoin.objects.exists() and not mail.outbox


def test_bad_join_input_gets_an_english_message(client, paid_type):
    response = client.post(JOIN.format(lang="en"), _join_data(paid_type, email="nope"))
    assert response.status_code == 400
    assert "valid email" in response.content.decode()


def test_join_without_csrf_token_is_refused(paid_type):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(JOIN.format(lang="ko"), _join_data(paid_type))
    assert response.status_code == 403
    assert not Supporter.objects.exists()


def test_access_request_answers_the_same_for_strangers(
    client, supporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/ko/supporters/me/", {"email": supporter.email})
        stranger = client.post("/ko/supporters/me/", {"email": "nobody@candle.example"})
    assert known.status_code == stranger.status_code == 302
    assert known["Location"] == stranger["Location"]
    assert len(mail.outbox) == 1


def test_access_requests_are_throttled(client, supporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post("/ko/supporters/me/", {"email": supporter.email})
    assert len(mail.outbox) == 3


def test_the_emailed_link_opens_the_page_once(
    client, supporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/supporters/me/", {"email": supporter.email})
    link = _link_from(mail.outbox[0])
    assert client.get(link).status_code == 200  # a mail scanner's GET spends nothing
    response = client.post(link)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and supporter.name in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    other = client.__class__()
    assert other.post(link).status_code == 400  # used


def test_expired_and_forged_links_do_not_open(client, supporter):
    token = access_link_create(supporter=supporter)
    AccessLink.objects.update(expires_at="2000-01-01T00:00Z")
    assert client.post(f"/ko/supporters/me/open/{token}/").status_code == 400
    assert client.post("/ko/supporters/me/open/forged-token/").status_code == 400
    assert client.post("/ko/supporters/me/open/" + "x" * 300 + "/").status_code == 400
    assert client.get("/ko/supporters/me/account/").status_code == 302


def test_account_page_needs_a_link(client):
    response = client.get("/ko/supporters/me/account/")
    assert response.status_code == 302 and response["Location"].endswith("/ko/supporters/me/")


def _open(client, supporter, lang="ko"):
    token = access_link_create(supporter=supporter)
    assert client.post(f"/{lang}/supporters/me/open/{token}/").status_code == 302


def test_member_changes_details_and_newsletter(client, supporter):
    _open(client, supporter)
    response = client.post(
        "/ko/supporters/me/account/",
        {
            "name": "김가명",
            "email": supporter.email,
            "phone": "010 9999 0000",
            "postal_code": "04500",
            "address": "서울 가명구",
            "preferred_language": "en",
            "newsletter": "on",
        },
    )
    assert response.status_code == 200
    supporter.refresh_from_db()
    assert supporter.phone_normalised == "01099990000" and supporter.address == "서울 가명구"
    assert supporter.preferred_language == "en"
    assert Consent.objects.get(purpose="newsletter").withdrawn_at is None
    client.post(
        "/ko/supporters/me/account/",
        {"name": "김가명", "email": supporter.email, "preferred_language": "ko"},
    )
    assert Consent.objects.get(purpose="newsletter").withdrawn_at is not None


def test_bad_details_are_refused_with_a_message(client, supporter):
    _open(client, supporter)
    response = client.post(
        "/ko/supporters/me/account/", {"name": "", "email": "bad", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    supporter.refresh_from_db()
    assert supporter.email == "gamyeong@candle.example"


def test_one_supporters_session_never_shows_another(client, supporter):
    _open(client, supporter)
    other = SupporterFactory(name="이가명")
    page = client.get("/ko/supporters/me/account/").content.decode()
    assert "이가명" not in page and other.email not in page


def test_anonymised_supporter_loses_the_page(client, supporter):
    _open(client, supporter)
    supporter_anonymise(supporter=supporter)
    assert client.get("/ko/supporters/me/account/").status_code == 302


def test_sign_out(client, supporter):
    _open(client, supporter)
    client.post("/ko/supporters/me/sign-out/")
    assert client.get("/ko/supporters/me/account/").status_code == 302


def test_account_lists_gifts_when_giving_provides_them(client, supporter, monkeypatch):
    from candle.supporters import selectors

    monkeypatch.setattr(selectors, "supporter_gifts", lambda *, supporter: None)
    _open(client, supporter, lang="en")
    html = client.get("/en/supporters/me/account/").content.decode()
    assert "Your gifts" not in html  # no giving selector: the section is left out, nothing fails


def test_account_lists_the_supporters_gifts(client, supporter, monkeypatch):
    import datetime as dt
    from decimal import Decimal
    from types import SimpleNamespace

    from candle.supporters import selectors

    seen = []

    def gifts(*, supporter):
        seen.append(supporter.pk)
        return [
            SimpleNamespace(
                received_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
                campaign=SimpleNamespace(title="한 생명 살리기"),
                amount=Decimal("50000.00"),
                currency="KRW",
                status="received",
                get_frequency_display=lambda: "일시",
                get_status_display=lambda: "",
            )
        ]

    monkeypatch.setattr(selectors, "supporter_gifts", gifts)
    _open(client, supporter)
    html = client.get("/ko/supporters/me/account/").content.decode()
    assert seen == [supporter.pk]
    assert "한 생명 살리기" in html and "50,000" in html and "2025-03-01" in html


@pytest.mark.parametrize("email", ["a" * 300 + "@candle.example", "not an email", ""])
def test_bad_access_requests_get_a_message_and_send_nothing(client, email):
    response = client.post("/en/supporters/me/", {"email": email})
    assert response.status_code == 400
    assert len(mail.outbox) == 0 and not AccessLink.objects.exists()


def test_join_with_an_oversized_body_field_is_refused(client, paid_type):
    response = client.post(JOIN.format(lang="en"), _join_data(paid_type, phone="0" * 5000))
    assert response.status_code == 400
    assert not Supporter.objects.exists()
