"""Hostile input on the mailed links and what reaches the site outside a form: every address
that takes a token (forged, cut, overlong, non-ASCII, another link's genuine token), GET and
POST, in Korean and English; the forms those links open, with a genuine token and hostile
fields; hostile headers and cookies (language, client address, content length). Never a 5xx;
a refusal is a page in the address's language; a forged or borrowed token changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from .hostile_site import hostile_world_build  # noqa: F401
from .test_hostile_forms import HANGUL, Found, _stored_rows, hostile_settings  # noqa: F401


def _token_patterns() -> list[tuple[str, tuple]]:
    """(name, its path's arguments) of every URL pattern with a ``token`` in its path, the
    admin's password reset link included (it is public)."""
    found = []

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                converters = getattr(entry.pattern, "converters", {})
                if "token" in converters:
                    found.append((namespace + entry.name, tuple(converters)))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def _foreign_tokens() -> list[str]:
    """Genuine tokens of other links and of no link: each must be refused by every view."""
    from candle.programmes.tokens import cancel_token, pay_token

    return [
        cancel_token(1),
        pay_token(1),
        signing.dumps({"r": 1}),  # the default salt
        signing.dumps({"r": "1; DROP"}, salt="candle.programmes.cancel"),
        signing.dumps([1, 1], salt="candle.programmes.cancel"),
    ]


HOSTILE_TOKENS = [
    "x",
    "a" * 300,
    "a" * 5000,
    "한국어토큰",
    "eyJyIjoxfQ:1abc:zzz",  # the shape of a signed token, the signature wrong
    ".eJyrVipSsjLUUSpKTVGyUlIyVKoFAC4tBPU:1abc:zzz",  # compressed shape
    "%00",
    "%ff%fe",
    "..%2F..%2Fetc",
    "a%0d%0aSet-Cookie:x=1",
]


def _html_language(response) -> str | None:
    match = re.search(rb'<html lang="([a-z]+)"', response.content)
    return match.group(1).decode() if match else None


@pytest.mark.parametrize("language", ["ko", "en"])
def test_hostile_tokens_on_every_link(hostile, client, language):
    found = Found()
    client.raise_request_exception = False
    names = _token_patterns()
    expected = {"programmes:cancel", "advocacy:signature_confirm", "newsletter_unsubscribe"}
    assert expected | {"wagtailadmin_password_reset_confirm"} <= {n for n, _c in names}, names
    before = _stored_rows()
    for name, converters in names:
        kwargs = dict.fromkeys(converters, "MQ") | {"token": "TOKEN"}  # uidb64: user 1
        with translation.override(language):
            base = reverse(name, kwargs=kwargs)
        for token in HOSTILE_TOKENS + _foreign_tokens():
            url = base.replace("TOKEN", token)
            for method in ("get", "post"):
                cache.clear()
                data = {"decision": "consent", "confirm": "yes", "rating": "5", "action": "pay"}
                response = getattr(client, method)(url, data if method == "post" else None)
                where = f"{method.upper()} {name} {token[:30]!r}"
                if response.status_code >= 500:  # noqa: PLR2004
                    found.add(where, str(response.status_code))
                elif name.startswith("wagtailadmin"):  # Django's view, the admin's language
                    if b'name="new_password1"' in response.content:
                        found.add(where, "a forged reset link offers a new password")
                elif response.status_code in (301, 302, 303):
                    found.add(where, f"followed to {response['Location']}")
                elif method == "post" and response.status_code == 200:  # noqa: PLR2004
                    found.add(where, "a forged token's POST was answered as done")
                elif "html" in response.get("Content-Type", "") and (
                    _html_language(response) not in (None, language)
                ):
                    found.add(where, f"page in {_html_language(response)}")
    if _stored_rows() != before:
        found.add("tokens", "a forged token stored or changed rows")
    found.assert_none()


def _linked_forms(world) -> list[tuple[str, str, list[dict]]]:
    """((name, address of a genuine link) of each form a mailed link opens, the hostile POST
    bodies sent to each). Built per test: each link's row is made here."""
    from candle.advocacy.newsletters.factories import issue_make, subscriber_make
    from candle.advocacy.newsletters.mail import unsubscribe_token
    from candle.programmes.lectures.models import LectureRequest
    from candle.programmes.lectures.tokens import survey_token
    from candle.programmes.services import registration_create
    from candle.programmes.tokens import cancel_token, pay_token
    from candle.programmes.youth.factories import application_make
    from candle.programmes.youth.models import Application
    from candle.programmes.youth.tokens import guardian_token

    from .hostile_world import email

    registration, _created = registration_create(
        event=world["event"], name="김예시", email=email(), locale="ko", consent_text="동의"
    )
    application = application_make(
        programme=world["programme"],
        email=email(),
        status=Application.Status.AWAITING_GUARDIAN,
        guardian_name="김보호",
        guardian_email=email(),
    )
    lecture = LectureRequest.objects.create(
        submission_token="f" * 32,
        institution_type="school",
        institution_name="예시학교",
        region="seoul",
        contact_name="홍길동",
        phone="02-123-4567",
        email=email(),
        age_group="children",
        audience_size=30,
        preferred_date_1=timezone.localdate() + dt.timedelta(days=10),
        language="ko",
        topic="human_rights",
        status=LectureRequest.Status.GIVEN,
        scheduled_at=timezone.now() - dt.timedelta(days=1),
        survey_sent_at=timezone.now(),
        consent_text="동의",
    )
    supporter = subscriber_make(name="구독자", email=email())
    issue = issue_make()
    from candle.giving.supporter_hooks import DUES_SALT
    from candle.supporters.factories import MembershipTypeFactory
    from candle.supporters.models import Membership

    membership = Membership.objects.create(
        supporter=supporter,
        membership_type=MembershipTypeFactory(name_ko="후원회원", name_en="Paying", dues=30000),
        status=Membership.Status.PENDING,
    )
    dues_token = signing.dumps({"m": membership.pk}, salt=DUES_SALT, compress=True)
    common = [
        {"decision": "maybe"},
        {"decision": ["consent", "refuse"]},
        {"decision": "consent\x00"},
        {"rating": "6", "comment": "가" * 34_000},
        {"rating": "١", "comment": "\x00"},
        {"rating": ["5", "4"], "comment": "<script>alert(1)</script>"},
        {"rating": "-1"},
        {"confirm": "yes\x00"},
        {"submission_token": "a" * 5000},
        {"submission_token": "tok\x00en"},
        {"submission_token": "../../x"},
        {},
    ]
    return [
        ("cancel", reverse("programmes:cancel", kwargs={"token": cancel_token(registration.pk)})),
        ("pay", reverse("programmes:pay", kwargs={"token": pay_token(registration.pk)})),
        (
            "guardian",
            reverse("programmes:youth_guardian", kwargs={"token": guardian_token(application.pk)}),
        ),
        (
            "survey",
            reverse("programmes:lecture_survey", kwargs={"token": survey_token(lecture.pk)}),
        ),
        ("dues", reverse("giving:dues", kwargs={"token": dues_token})),
        (
            "unsubscribe",
            reverse(
                "newsletter_unsubscribe",
                kwargs={"token": unsubscribe_token(supporter_id=supporter.pk, issue_id=issue.pk)},
            ),
        ),
    ], common


@pytest.mark.parametrize("language", ["ko", "en"])
def test_linked_forms_with_hostile_fields(hostile, client, language):
    """The forms behind genuine links (the guardian's decision, the lecture survey, a cancel,
    a payment, an unsubscribe) sent hostile fields: never a 5xx; the survey and the guardian's
    page refuse what is not one of their choices, in the page's language."""
    found = Found()
    client.raise_request_exception = False
    with translation.override(language):
        links, bodies = _linked_forms(hostile)
    for name, url in links:
        for body in bodies:
            cache.clear()
            response = client.post(url, body)
            where = f"{name}/{language} {str(body)[:60]}"
            if response.status_code >= 500:  # noqa: PLR2004
                found.add(where, str(response.status_code))
                continue
            if b"<script>alert(1)" in response.content:
                found.add(where, "markup echoed unescaped")
            page_language = _html_language(response)
            if page_language not in (None, language):
                found.add(where, f"page in {page_language}")
            if name in ("guardian", "survey", "dues") and response.status_code == 400:  # noqa: PLR2004
                text = response.content.decode()
                errors = re.findall(
                    r'(?:class="[^"]*error[^"]*"|role="alert")[^>]*>(.*?)<', text, re.S
                )
                if not errors:
                    found.add(where, "refused without saying why")
                for error in errors:
                    if error.strip() and (language == "ko") != bool(HANGUL.search(error)):
                        found.add(where, f"error not in {language}: {error.strip()[:80]!r}")
    found.assert_none()


HOSTILE_HEADERS = [
    {"HTTP_ACCEPT_LANGUAGE": "a" * 10_000},
    {"HTTP_ACCEPT_LANGUAGE": "ko;q=abc, en;q=-1, *;q=NaN"},
    {"HTTP_ACCEPT_LANGUAGE": "\x00,../../,ko-KR-x-ÿ"},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, 999.1.1.1, ::ffff:zz"},
    {"HTTP_X_FORWARDED_FOR": "1.1.1.1," * 2000},
    {"HTTP_COOKIE": "django_language=../../etc; sessionid=\x00; csrftoken=" + "a" * 5000},
    {"HTTP_COOKIE": "django_language=" + "ko" * 3000},
    {"HTTP_USER_AGENT": "\x00" * 100 + "a" * 10_000},
    {"HTTP_REFERER": "javascript:alert(1)"},
    {"HTTP_IF_MODIFIED_SINCE": "Sun, 00 Xyz 99999 99:99:99 GMT"},
    {"HTTP_IF_NONE_MATCH": '"' * 5000},
    {"HTTP_RANGE": "bytes=-1--1,999999999999999999999-"},
]


def test_hostile_headers_and_cookies(hostile, client):
    found = Found()
    client.raise_request_exception = False
    with translation.override("ko"):
        sign = reverse("advocacy:sign", kwargs={"page_id": hostile["appeal"].pk})
    addresses = ["/", "/ko/", "/en/", "/ko/search/?q=a", sign, "/api/v2/pages/", "/sitemap.xml"]
    for headers in HOSTILE_HEADERS:
        for address in addresses:
            cache.clear()
            response = client.get(address, **headers)
            if response.status_code >= 500:  # noqa: PLR2004
                found.add(f"GET {address} {str(headers)[:60]}", str(response.status_code))
        cache.clear()
        response = client.post(sign, {"name": "김예시", "email": "a@example.org"}, **headers)
        if response.status_code >= 500:  # noqa: PLR2004
            found.add(f"POST {sign} {str(headers)[:60]}", str(response.status_code))
    found.assert_none()


PATH_VALUES = ["%00", "a%00b", "%ff%fe", "%ED%A0%80", "한국어", "a" * 2000, "..", "%2e%2e", "1e9"]


def test_hostile_values_in_every_address_path(hostile, client):
    """Every public URL pattern's path arguments (a board's old name, a file name, a page
    path, an image's filter) sent NUL bytes, invalid UTF-8, overlong and non-ASCII text: never
    a 5xx (PostgreSQL refuses a NUL in a query: a view must not pass one on)."""
    from candle.importers.models import LegacyBoard
    from candle.pages.models import BoardPage

    found = Found()
    client.raise_request_exception = False
    board = BoardPage(title="소식", slug="news")
    hostile["home"].add_child(instance=board)
    LegacyBoard.objects.create(bo_table="oldnews", board=board, language="ko")
    # the old site's short addresses of that board (a post's title, a number)
    addresses = {"/oldnews/%s/", "/oldnews/%s", "/oldnews/1/%s"}
    addresses |= {"/ko/%s/", "/en/news/%s/", "/ko/%s", "/bbs/%s", "/documents/%s/x.pdf"}

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                converters = getattr(entry.pattern, "converters", {})
                if not converters or (namespace + entry.name).startswith("wagtailadmin"):
                    continue
                kwargs = {}
                for key, converter in converters.items():
                    kind = type(converter).__name__
                    samples = {"IntConverter": 1, "UUIDConverter": uuid.UUID(int=1)}
                    kwargs[key] = samples.get(kind, "SLOT")
                try:
                    with translation.override("ko"):
                        address = reverse(namespace + entry.name, kwargs=kwargs)
                except Exception:  # noqa: S112 - a converter these samples do not fit
                    continue
                if "SLOT" in address:
                    addresses.add(address.replace("SLOT", "%s"))

    walk(get_resolver().url_patterns)
    assert len(addresses) > 15, addresses  # noqa: PLR2004
    for address in sorted(addresses):
        for value in PATH_VALUES:
            url = address.replace("%s", value)
            for method in ("get", "post"):
                cache.clear()
                response = getattr(client, method)(url)
                if response.status_code >= 500:  # noqa: PLR2004
                    found.add(f"{method.upper()} {url[:100]}", str(response.status_code))
    found.assert_none()


STAFF_FORM_VALUES = ["", "a" * 100_000, "a\x00b", "관리자", "<script>alert(1)</script>", ["a", "b"]]


def test_the_anonymous_staff_forms(hostile, client):
    """The admin's sign-in and password-reset forms are open to anyone: hostile usernames,
    passwords, e-mail addresses and ``next`` never give a 5xx or echo markup."""
    found = Found()
    client.raise_request_exception = False
    forms = {
        "/admin/login/": ("username", "password", "next"),
        "/admin/password_reset/": ("email",),
    }
    for url, names in forms.items():
        assert client.get(url).status_code == 200  # noqa: PLR2004
        for name in names:
            for value in STAFF_FORM_VALUES:
                data = dict.fromkeys(names, "x@example.org") | {name: value}
                cache.clear()
                response = client.post(url, data)
                where = f"{url} {name}={str(value)[:20]!r}"
                if response.status_code >= 500:  # noqa: PLR2004
                    found.add(where, str(response.status_code))
                elif b"<script>alert(1)" in response.content:
                    found.add(where, "markup echoed unescaped")
                elif "evil" in response.get("Location", ""):
                    found.add(where, "sent elsewhere")
        for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
            cache.clear()
            response = client.post(url, {"username": "x", "password": "y", "next": target})
            if "evil" in response.get("Location", ""):
                found.add(f"{url} next={target}", "sent elsewhere")
    found.assert_none()
