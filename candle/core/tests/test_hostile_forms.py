"""Hostile input on every public form: each field of each form (``hostile_world.CASES``), in
Korean and in English, sent the hostile values of its kind (NUL bytes, 100 KB, HTML, Unicode
and 300-character e-mail addresses, negative, huge, float and non-ASCII numbers, impossible
dates, repeated values, lying, empty and oversized files), the other fields valid.

For each answer: never a 5xx; a refusal (the form again, 400) names the problem in the page's
language, shows back every other field as typed, and stores and sends nothing; a value the
form must refuse is refused; markup typed in is never echoed unescaped. Whole-request
mutations (JSON or invalid UTF-8 bodies, broken multipart, missing CSRF, ``field[]`` names)
get the same checks where they apply. Then two promises about what is kept: a form never
overwrites a known person (their address, another name), and text it accepts is stored without
control or invisible characters. ``test_fuzz_public.py`` covers every address's query
parameters and the forms a crawl of the pages finds; this module the forms behind data;
``test_hostile_links.py`` the mailed links, path arguments and headers.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Page

from .hostile_site import hostile_world_build  # noqa: F401
from .hostile_world import CASES, FILES, VALUES

# What a page says when it shows a form again without the files that were chosen.
FILES_AGAIN = (
    "For your safety, files are not kept when the form is sent back: please choose your files "
    "again.",
    "Files are not kept when the form is shown again: please choose the logo again.",
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
STORING_APPS = ("supporters", "giving", "advocacy", "programmes", "operations")


@pytest.fixture(name="hostile")
def hostile_settings(hostile_world, db, settings):
    from cryptography.fernet import Fernet

    settings.DEBUG = False
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_TEST_PROVIDER_ENABLED = True
    settings.CANDLE_USE_PORTONE = False
    cache.clear()
    yield hostile_world
    cache.clear()


def _stored_rows() -> dict[str, int]:
    """Rows of every model a public form could write (pages aside)."""
    counts = {}
    for label in STORING_APPS:
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, Page):
                counts[model._meta.label] = model._default_manager.count()
    return counts


class Found:
    """Problems, gathered so one run lists them all."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def assert_none(self):
        unique = list(dict.fromkeys(self.problems))
        assert not unique, f"{len(unique)} problems:\n" + "\n".join(unique[:80])


def _post(client, url, data, **extra):
    cache.clear()  # rate limits count valid posts; each post here starts afresh
    mail.outbox.clear()
    return client.post(url, data, **extra)


def _form_in(html: str, url: str):
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.find_all("form"):
        if (form.get("method") or "").lower() == "post" and (form.get("action") or url) == url:
            return form
    forms = [f for f in soup.find_all("form") if (f.get("method") or "").lower() == "post"]
    return forms[0] if forms else None


def _shown_value(form, name: str):
    """What the form shows for ``name``: a text box's value, a textarea's text, the chosen
    option or radio, whether a checkbox is ticked; ``None`` when there is no such field."""
    fields = form.find_all(attrs={"name": name})
    if not fields:
        return None
    first = fields[0]
    if first.name == "textarea":
        return first.text.lstrip("\n")
    if first.name == "select":
        chosen = first.find("option", selected=True)
        return chosen.get("value", chosen.text) if chosen else ""
    kind = first.get("type", "text").lower()
    if kind == "radio":
        chosen = [f.get("value") for f in fields if f.has_attr("checked")]
        return chosen[0] if chosen else ""
    if kind == "checkbox":
        return "on" if first.has_attr("checked") else ""
    return first.get("value", "")


def _error_messages(response, language: str) -> list[str]:
    form = (response.context or {}).get("form") if response.context else None
    if form is None or not hasattr(form, "errors"):
        return []
    with translation.override(language):
        return [str(message) for messages in form.errors.values() for message in messages]


def _check_refusal(found, where, case, response, sent, mutated, language):
    """A refused post: the page's language, every other field kept, nothing stored."""
    html = response.content.decode("utf-8", "replace")
    if f'<html lang="{language}"' not in html:
        found.add(where, f"{response.status_code} not a page in {language}")
    if not case.shown_again or mutated & case.hidden:
        return  # a tampered hidden field (which event?): a page that says so
    messages = _error_messages(response, language)
    if not messages:
        found.add(where, f"{response.status_code} without an error message on the form")
    for message in messages:
        if (language == "ko") != bool(HANGUL.search(message)):
            found.add(where, f"message not in {language}: {message[:100]!r}")
    files_sent = [n for n, v in sent.items() if not isinstance(v, str | list) and n not in mutated]
    with translation.override(language):
        again = [escape(gettext(text)) for text in FILES_AGAIN]
    if files_sent and not any(text in html for text in again):
        found.add(where, f"the file in {files_sent} is dropped without a word")
    form = _form_in(html, case.url_for)
    if form is None:
        found.add(where, "the form is not shown again")
        return
    for name, value in sent.items():
        if name in mutated or name in case.not_shown_again or not isinstance(value, str):
            continue
        shown = _shown_value(form, name)
        if shown is not None and shown != value:
            found.add(where, f"{name} shown as {shown[:40]!r}, typed {value[:40]!r}")


def _check_answer(found, where, case, response, before, sent, mutated, language, refuse):
    status = response.status_code
    if status >= 500:  # noqa: PLR2004
        found.add(where, f"{status}")
        return
    body = response.content.decode("utf-8", "replace")
    if "<script>alert(1)" in body or "onerror=alert(1)>" in body:
        found.add(where, "markup echoed unescaped")
    accepted = status in (301, 302, 303) or (
        status == 200 and _error_messages(response, language) == []
    )
    if refuse and accepted:
        found.add(where, f"accepted ({status} → {response.get('Location', '')})")
    if accepted:
        return
    after = _stored_rows()
    changed = {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
    if changed:
        found.add(where, f"refused ({status}) but stored {changed}")
    if mail.outbox:
        found.add(where, f"refused ({status}) but sent {len(mail.outbox)} mail")
    _check_refusal(found, where, case, response, sent, mutated, language)


def _hostile_values(kind: str, language: str):
    """Every value of the kind in Korean; in English (which checks the messages' language and
    the rest kept, the parsing being the same) the first two, to keep the module quick."""
    if kind in FILES:
        values = [(make, refuse) for make, refuse in FILES[kind]]
        return [(make(), refuse) for make, refuse in values[: None if language == "ko" else 2]]
    return VALUES[kind][: None if language == "ko" else 2]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_field_of_every_public_form(hostile, client, case, language):
    found = Found()
    client.raise_request_exception = False
    url = case.url(hostile, language)
    case.url_for = url
    # The valid submission is accepted: the hostile values below are what is refused.
    response = _post(client, url, case.data(hostile, language))
    assert response.status_code in (200, 302), (case.id, response.status_code)
    if response.status_code == 200:
        assert not _error_messages(response, language), _error_messages(response, language)
    for name, kind in case.kinds.items():
        for value, refuse in _hostile_values(kind, language):
            sent = case.data(hostile, language)
            sent[name] = value
            if kind == "consent" and value == "":
                del sent[name]  # an unticked box is not sent
            before = _stored_rows()
            response = _post(client, url, sent)
            shown = value if isinstance(value, str) else getattr(value, "name", value)
            where = f"{case.id}/{language} {name}={str(shown)[:30]!r}"
            _check_answer(found, where, case, response, before, sent, {name}, language, refuse)
        # the field missing, and sent under PHP's array name instead
        sent = case.data(hostile, language)
        moved = sent.pop(name, None)
        if isinstance(moved, str):
            sent[f"{name}[]"] = moved
        before = _stored_rows()
        response = _post(client, url, sent)
        _check_answer(
            found,
            f"{case.id}/{language} {name}[]",
            case,
            response,
            before,
            sent,
            {name},
            language,
            False,
        )
    found.assert_none()


def _raw_body(data: dict, replace: dict[str, str]) -> bytes:
    """``data`` urlencoded, with the given fields' values as raw (already escaped) text."""
    parts = []
    for name, value in data.items():
        if not isinstance(value, str):
            continue
        raw = replace.get(name, quote(value, safe=""))
        parts.append(f"{quote(name, safe='')}={raw}")
    return "&".join(parts).encode("ascii")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_whole_requests_that_are_not_forms(hostile, client, case):
    """Bodies a browser's form never sends: JSON, invalid UTF-8 and lone surrogates,
    multipart without a boundary or truncated, no body at all, no CSRF token."""
    found = Found()
    client.raise_request_exception = False
    url = case.url(hostile, "ko")
    case.url_for = url
    data = case.data(hostile, "ko")
    text_fields = [n for n, k in case.kinds.items() if k in ("text", "email")]
    bodies = {
        "json": (
            json.dumps({k: v for k, v in data.items() if isinstance(v, str)}),
            "application/json",
        ),
        "invalid utf-8": (
            _raw_body(data, dict.fromkeys(text_fields, "%ff%fe%80")),
            "application/x-www-form-urlencoded",
        ),
        "lone surrogate": (
            _raw_body(data, dict.fromkeys(text_fields, "%ED%A0%80abc")),
            "application/x-www-form-urlencoded",
        ),
        "broken escapes": (
            _raw_body(data, dict.fromkeys(text_fields, "%ZZ%")),
            "application/x-www-form-urlencoded",
        ),
        "multipart without boundary": (b"--x\r\n\r\n", "multipart/form-data"),
        "truncated multipart": (
            b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc',
            "multipart/form-data; boundary=B",
        ),
        "empty": (b"", "application/x-www-form-urlencoded"),
        "text/plain": (b"name=a&email=b", "text/plain"),
    }
    for label, (body, content_type) in bodies.items():
        before = _stored_rows()
        cache.clear()
        mail.outbox.clear()
        response = client.generic("POST", url, body, content_type=content_type)
        where = f"{case.id} {label}"
        if response.status_code >= 500:  # noqa: PLR2004
            found.add(where, f"{response.status_code}")
            continue
        if response.status_code in (301, 302, 303) and label not in (
            "invalid utf-8",
            "broken escapes",
            "lone surrogate",
        ):
            found.add(where, f"accepted ({response.status_code})")
        if response.status_code not in (301, 302, 303) and _stored_rows() != before:
            found.add(where, "refused but stored")
    if case.csrf:
        strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
        before = _stored_rows()
        response = strict.post(url, case.data(hostile, "ko"))
        if response.status_code != 403 or _stored_rows() != before:  # noqa: PLR2004
            found.add(f"{case.id} no CSRF token", f"{response.status_code}")
    found.assert_none()


PERSON_FIELDS = ("kind", "name", "email", "phone", "postal_code", "address", "preferred_language")
MAILED_LINK = re.compile(r"https?://[^\s\"'<>]+/(?:confirm|join/confirm)/[^\s\"'<>/]+/")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_an_anonymous_form_never_overwrites_a_person(
    hostile, client, case, language, django_capture_on_commit_callbacks
):
    """Someone typing a known person's e-mail address with another name, phone and language
    changes nothing stored about that person: not when the form is sent, not when its tasks
    run, and not when a confirmation link it mails is followed (a signature's link links the
    signature to the person, never changes them)."""
    from candle.supporters.models import Supporter

    client.raise_request_exception = False
    data = case.data(hostile, language)
    if "email" not in data:
        pytest.skip("the form names nobody")
    person = Supporter.objects.create(
        name="원래 이름",
        email=data["email"].upper(),  # the same address, written differently
        phone="010-1111-2222",
        postal_code="03000",
        address="서울특별시 예시구 1",
        preferred_language="en" if language == "ko" else "ko",
    )
    stored = {name: getattr(person, name) for name in PERSON_FIELDS}
    for name in ("name", "contact_name"):
        if name in data:
            data[name] = "다른 사람"
    if "phone" in data:
        data["phone"] = "010-9999-8888"
    cache.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case.url(hostile, language), data)
    assert response.status_code < 500, response.status_code  # noqa: PLR2004
    links = [link for message in mail.outbox for link in MAILED_LINK.findall(message.body)]
    if case.id in ("appeal_sign", "supporters_join"):
        assert links, [message.body for message in mail.outbox]  # the link is followed below
    for link in links:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(urlsplit(link).path)
    person.refresh_from_db()
    assert {name: getattr(person, name) for name in PERSON_FIELDS} == stored, links


SPOOF = "김\u202e예\u0007시\u200b\u2066"  # a right-to-left override, a bell, invisible marks
INVISIBLE = set("\u202e\u0007\u200b\u2066")


def _rows_holding(characters: set[str]) -> list[str]:
    """Text fields of the newest row of each model a form writes that hold any of them."""
    from django.db import models

    escaped = {json.dumps(c)[1:-1] for c in characters}
    found = []
    for label in STORING_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, Page):
                continue
            row = model._default_manager.order_by("-pk").first()
            for field in model._meta.concrete_fields if row else ():
                value = getattr(row, field.attname, None)
                if isinstance(field, models.CharField | models.TextField) and isinstance(
                    value, str
                ):
                    if characters & set(value):
                        found.append(f"{model._meta.label}.{field.name}={value[:40]!r}")
                elif isinstance(value, list | dict):
                    text = json.dumps(value)
                    if any(c in text for c in escaped):
                        found.append(f"{model._meta.label}.{field.name}={text[:60]}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_accepted_text_is_kept_without_invisible_characters(
    hostile, client, case, django_capture_on_commit_callbacks
):
    """A name or answer with a right-to-left override, a control character and invisible
    marks is either refused or stored without them (they spoof names in staff's lists and
    break the exports)."""
    client.raise_request_exception = False
    found = Found()
    for name, kind in case.kinds.items():
        if kind != "text":
            continue
        data = case.data(hostile, "ko")
        data[name] = SPOOF
        cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(case.url(hostile, "ko"), data)
        if response.status_code >= 500:  # noqa: PLR2004
            found.add(f"{case.id} {name}", str(response.status_code))
        for row in _rows_holding(INVISIBLE):
            found.add(f"{case.id} {name}", f"stored {row}")
    found.assert_none()
