"""Fuzz test: every public address's query parameters and every public form's fields, sent
hostile values, never answer 5xx (issue 20's done-criterion).

Nothing here lists the site's addresses or forms by hand, so it keeps covering what others add:

- addresses: one live public page of every page type in each language (read from the tree,
  with a board's feeds), and every named, non-admin URL pattern (``candle/urls.py`` and what
  it includes), reversed with sample values for its converters;
- parameter names: the ones the code is known to read (below), plus every name found in the
  pages' links (``?category=…``) and in their GET forms (search, filters);
- forms: every POST ``<form>`` on those pages, and on the pages a POST redirects to (a gift's
  checkout), read with BeautifulSoup; each field is sent hostile values with the form's other
  fields left as the page filled them, keeping the CSRF token (checks are enforced).

Values come from a fixed seed. DEBUG is off and exceptions become the 500 page (the client
does not raise), so the test counts answers, and on failure lists each 5xx with its address,
parameter or field, value and the exception it came from.
"""

from __future__ import annotations

import random
import traceback
import uuid
from decimal import Decimal
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

SEED = 20

# Names the code reads (``grep -rn "GET" candle``) or that Wagtail's views read; the pages'
# links and GET forms add theirs.
KNOWN_PARAMETERS = [
    "page", "year", "q", "topic", "language", "category", "type", "board", "order", "all",
    "untranslated", "bo_table", "wr_id", "sca", "stx", "sfl", "no", "p", "offset", "limit",
    "search", "search_operator", "fields", "locale", "child_of", "descendant_of",
    "ancestor_of", "translation_of", "id", "html_path", "site", "next", "return_url",
    "format", "amount", "currency", "frequency", "campaign", "token",
    "s",  # advocacy's "signed" page
]  # fmt: skip

# Each is sent percent-encoded, except those marked raw (an invalid escape or byte sequence).
HOSTILE_VALUES = [
    "²", "٣", "１", "-1", "0", "99999999999999999999", "1e9", "NaN", "", " ", "\x00",
    "a" * 10_000, "<script>alert(1)</script>", "'; DROP TABLE pages_postpage;--",
    "../../etc/passwd", "%s%n{0}", "\r\nX-Injected: 1", "[]", "root", "한국어",
]  # fmt: skip
RAW_VALUES = ["%ff%fe", "%00", "%ZZ", "%", "%E2%82"]

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/")


def _query(name: str, value: str, *, raw: bool = False) -> str:
    return f"{quote(name)}={value if raw else quote(value, safe='')}"


@pytest.fixture(scope="module")
def public_site(django_db_setup, django_db_blocker):
    """Both trees, posts (one with a reply and a comment), a report, the give page, a
    campaign in both languages, a password-protected page, a membership type and an old
    GnuBoard board and post; built once, rolled back at the end."""
    from wagtail.models import Locale, PageViewRestriction

    from candle.giving.models import CampaignPage, GivePage
    from candle.importers.models import LegacyBoard, LegacyPost
    from candle.pages.factories import post_make, report_make
    from candle.pages.models import Category, StandardPage
    from candle.pages.services import site_tree_ensure
    from candle.pages.tests.conftest import _backends_without_indexing
    from candle.supporters.factories import MembershipTypeFactory

    with (
        django_db_blocker.unblock(),
        override_settings(WAGTAILSEARCH_BACKENDS=_backends_without_indexing()),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            trees = site_tree_ensure()
            ko, en = trees["ko"], trees["en"]
            news = ko.boards["news"]
            news.categories.set(Category.objects.all()[:2])
            post = post_make(news, title="첫 소식 <b>굵게</b> &amp;")
            post.categories.set(Category.objects.all()[:1])
            post_make(news, title="답글", days_ago=1, in_reply_to=post)
            post_make(en.boards["news"], title="English news")
            report_make(ko.library, slug="r-ko", year=2022)
            report_make(en.library, slug="r-en", year=2023, document_language="en")
            give = GivePage(title="후원하기", slug="give", currency="KRW")
            ko.home.add_child(instance=give)
            give.save_revision().publish()
            campaign = CampaignPage(
                title="한 생명 살리기",
                slug="save-one-life",
                goal=Decimal("1000000"),
                currency="KRW",
                amount_presets="10000,30000,50000",
            )
            ko.home.add_child(instance=campaign)
            campaign.save_revision().publish()
            campaign_en = campaign.copy_for_translation(
                Locale.objects.get(language_code="en"), copy_parents=False, alias=False
            )
            campaign_en.title, campaign_en.currency = "Save One Life", "USD"
            campaign_en.save_revision().publish()
            from candle.advocacy.models import AppealPage  # an open appeal: its sign form

            appeal = AppealPage(title="긴급 호소", slug="appeal", target_name="예시 대사관")
            ko.home.add_child(instance=appeal)
            appeal.save_revision().publish()
            appeal_en = appeal.copy_for_translation(
                Locale.objects.get(language_code="en"), copy_parents=False, alias=False
            )
            appeal_en.title = "Urgent appeal"
            appeal_en.save_revision().publish()
            secret = StandardPage(title="비밀", slug="secret")
            ko.home.add_child(instance=secret)
            secret.save_revision().publish()
            PageViewRestriction.objects.create(
                page=secret, restriction_type=PageViewRestriction.PASSWORD, password="pw"
            )
            MembershipTypeFactory(name_ko="정회원", name_en="Regular member", dues=30000)
            MembershipTypeFactory(name_ko="온라인", name_en="Online", dues=0, sort_order=1)
            LegacyBoard.objects.create(bo_table="news", board=news, language="ko")
            LegacyPost.objects.create(
                bo_table="news", wr_id=7, seo_title="first", post=post, fingerprint="x"
            )
            yield trees
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def fuzz_client(public_site, db, settings):
    from cryptography.fernet import Fernet

    settings.DEBUG = False
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False
    settings.CANDLE_TEST_PROVIDER_ENABLED = True
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    return client


class Failures:
    def __init__(self):
        self.found: list[str] = []
        self.posted: dict[str, int] = {}  # form address → answers that were not a 403

    def check(self, response, method: str, url: str, what: str = "", value: str = "") -> None:
        if response.status_code < 500:
            return
        summary = ""
        exc_info = getattr(response, "exc_info", None)
        if exc_info:
            frame = traceback.extract_tb(exc_info[2])[-1]
            summary = (
                f"{exc_info[0].__name__}: {str(exc_info[1])[:120]} "
                f"({frame.filename.split('site-packages/')[-1]}:{frame.lineno})"
            )
        self.found.append(
            f"{response.status_code} {method} {url[:120]} {what}={value[:40]!r} {summary}"
        )

    def assert_none(self):
        unique = list(dict.fromkeys(self.found))
        assert not unique, f"{len(unique)} answers of 5xx:\n" + "\n".join(unique[:60])


def _page_addresses() -> list[str]:
    """One live public page of each type (of the types that read parameters or differ by
    language, one in each language), and the board feeds."""
    from wagtail.models import Page

    from candle.giving.models import CampaignPage
    from candle.pages.models import BoardPage, HomePage, ReportIndexPage

    both_languages = (BoardPage, HomePage, ReportIndexPage, CampaignPage)
    chosen: dict[tuple, str] = {}
    pages = Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")
    for page in pages:
        key = (type(page), page.locale_id if isinstance(page, both_languages) else None)
        url = page.url
        if key in chosen or not url:
            continue
        chosen[key] = url
        if isinstance(page, BoardPage):
            chosen[(key, "rss")] = url + "feed/rss/"
            chosen[(key, "atom")] = url + "feed/atom/"
    return list(chosen.values())


def _sample_arguments(pattern) -> list[dict]:
    from wagtail.models import Page

    page_id = Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True).first()
    samples = {
        "IntConverter": [page_id, 99_999_999],
        "StringConverter": ["news", "x"],
        "SlugConverter": ["test", "x"],
        "UUIDConverter": [uuid.UUID(int=SEED)],
        "PathConverter": ["1304/x.jpg"],
    }
    converters = getattr(pattern.pattern, "converters", {})
    names = list(converters)
    if not names:
        return [{}]
    rows = []
    for index in range(2):
        row = {}
        for name in names:
            options = samples.get(type(converters[name]).__name__, ["news", "first", "1"])
            row[name] = options[min(index, len(options) - 1)]
        rows.append(row)
    return rows


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def _pattern_addresses() -> list[str]:
    """Every named URL pattern outside the admin."""
    addresses = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith(("wagtailadmin", "wagtail_serve", "admin:")):
            continue
        for kwargs in _sample_arguments(pattern):
            # one language is enough for a view; the search page reads it, so both there
            for language in ("ko", "en") if name == "search" else ("ko",):
                with translation.override(language):
                    try:
                        address = reverse(name, kwargs=kwargs)
                    except Exception:  # noqa: S112 - a pattern these samples don't fit
                        continue
                if not address.startswith(SKIPPED_PREFIXES):
                    addresses.append(address)
    return list(dict.fromkeys(addresses))


def _names_in(html: str) -> set[str]:
    """Query parameter names in the page's links and its GET forms' fields."""
    soup = BeautifulSoup(html, "html.parser")
    names = set()
    for link in soup.find_all("a", href=True):
        names.update(name for name, _value in parse_qsl(urlsplit(link["href"]).query))
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "get":
            names.update(field.get("name") for field in form.find_all(["input", "select"]))
    names.discard(None)
    return names


def _get_form_submissions(url: str, html: str) -> list[str]:
    """Each GET form on the page submitted with its text fields filled with "a" (a search
    with a query shows results, and reads its page number then)."""
    soup = BeautifulSoup(html, "html.parser")
    submissions = []
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        action = urljoin(url, form.get("action") or url)
        if urlsplit(action).netloc not in ("", "testserver"):
            continue
        filled = [
            (field["name"], "a")
            for field in form.find_all("input")
            if field.get("name") and field.get("type", "text") in ("text", "search")
        ]
        if filled:
            submissions.append(
                urlsplit(action).path + "?" + "&".join(f"{n}={v}" for n, v in filled)
            )
    return submissions


def _get(client, failures, url: str, what: str = "", value: str = ""):
    response = client.get(url)
    failures.check(response, "GET", url, what, value)
    return response


def test_query_parameters_of_every_public_address(fuzz_client):
    rng = random.Random(SEED)
    failures = Failures()
    addresses = _page_addresses() + _pattern_addresses()
    assert len(addresses) > 25, addresses
    names = set(KNOWN_PARAMETERS)
    for address in list(addresses):
        response = _get(fuzz_client, failures, address)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode("utf-8", "replace")
            names |= _names_in(html)
            addresses += _get_form_submissions(address, html)
    addresses = list(dict.fromkeys(addresses))
    assert any("?" in address for address in addresses)  # the search form, submitted
    names = sorted(names)
    assert {"page", "category", "q", "type"} <= set(names)
    values = HOSTILE_VALUES + RAW_VALUES
    for address in addresses:
        join = "&" if "?" in address else "?"
        # Every name in every request, each with a different value, the values turning by
        # one from request to request: after len(values) requests every name has met every
        # value (a Latin square), in 25 requests an address instead of one per pair.
        for turn in range(len(values)):
            query = "&".join(
                _query(name, value, raw=value in RAW_VALUES)
                for index, name in enumerate(names)
                for value in [values[(index + turn) % len(values)]]
            )
            response = fuzz_client.get(address + join + query)
            if response.status_code >= 500:  # find which name and value it was
                for index, name in enumerate(names):
                    value = values[(index + turn) % len(values)]
                    single = _query(name, value, raw=value in RAW_VALUES)
                    _get(fuzz_client, failures, address + join + single, name, value)
                failures.check(response, "GET", address, "*", f"all names, turn {turn}")
        # each name repeated, the second value hostile
        query = "&".join(
            f"{_query(name, '1')}&{_query(name, rng.choice(HOSTILE_VALUES))}" for name in names
        )
        _get(fuzz_client, failures, address + join + query, "*", "repeated")
    failures.assert_none()


def test_every_api_parameter_with_every_value(fuzz_client, public_site):
    """The API reads each parameter on its own (and stops at the first bad one), so each is
    sent every value alone."""
    failures = Failures()
    home = public_site["ko"].home
    api_names = [
        "offset", "limit", "search", "search_operator", "order", "fields", "type", "child_of",
        "descendant_of", "ancestor_of", "translation_of", "locale", "id", "title", "slug",
        "depth", "site", "html_path", "format", "_",
    ]  # fmt: skip
    searching = ["search", "search_operator", "order", "offset", "limit", "fields", "type"]
    bases = [
        ("/api/v2/pages/?", api_names),
        ("/api/v2/pages/?search=a&", searching),
        ("/api/v2/pages/?type=pages.ReportPage&", api_names),
        (f"/api/v2/pages/{home.pk}/?", ["fields", "format", "type", "id", "offset"]),
        ("/api/v2/pages/find/?", ["id", "html_path", "type", "fields"]),
    ]
    for base, names in bases:
        for name in names:
            for value in HOSTILE_VALUES:
                _get(fuzz_client, failures, base + _query(name, value), name, value)
            for value in RAW_VALUES:
                _get(fuzz_client, failures, base + _query(name, value, raw=True), name, value)
    failures.assert_none()


def _forms_of(url: str, html: str) -> list[tuple[str, list[tuple[str, str]], dict]]:
    """(action, fields as the page filled them, field kinds) of each POST form on the page."""
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(url, form.get("action") or url)
        if urlsplit(action).netloc not in ("", "testserver"):
            continue
        fields: list[tuple[str, str]] = []
        kinds: dict[str, str] = {}
        for field in form.find_all(["input", "select", "textarea", "button"]):
            name = field.get("name")
            if not name:
                continue
            kind = field.get("type", field.name).lower()
            kinds[name] = kind
            if kind == "file":
                continue
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked") or (kind == "checkbox" and name not in dict(fields)):
                    fields.append((name, field.get("value", "on")))
                continue
            if field.name == "select":
                option = field.find("option", selected=True) or field.find("option")
                fields.append((name, option.get("value", option.text) if option else ""))
            elif field.name == "textarea":
                fields.append((name, field.text))
            elif kind in ("submit", "button"):
                continue
            else:
                fields.append((name, field.get("value", "")))
        forms.append((urlsplit(action).path, fields, kinds))
    return forms


def _post(client, failures, action, fields, what, value):
    response = client.post(action, fields)
    failures.check(response, "POST", action, what, value)
    failures.posted[action] = failures.posted.get(action, 0) + (response.status_code != 403)
    return response


def test_every_public_form_with_hostile_fields(fuzz_client):
    rng = random.Random(SEED)
    failures = Failures()
    client = fuzz_client
    queue = _page_addresses() + [
        address for address in _pattern_addresses() if "/api/" not in address
    ]
    seen_forms: set[tuple] = set()
    seen_pages: set[str] = set()
    form_count = 0
    while queue:
        url = queue.pop(0)
        if url in seen_pages:
            continue
        seen_pages.add(url)
        response = _get(client, failures, url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", "replace")
        for action, fields, kinds in _forms_of(url, html):
            key = (action, tuple(sorted(kinds)))
            if key in seen_forms or action.startswith(SKIPPED_PREFIXES):
                continue
            seen_forms.add(key)
            form_count += 1
            as_filled: dict[str, str | list[str]] = {}
            for name, value in fields:  # a name given twice (checkboxes) is sent as a list
                kept = as_filled.get(name)
                as_filled[name] = (
                    value if kept is None else [*([kept] if isinstance(kept, str) else kept), value]
                )
            names = [name for name in kinds if name != "csrfmiddlewaretoken"]
            # as the page filled it, then every field hostile at once
            response = _post(client, failures, action, as_filled, "*", "as filled")
            location = response.get("Location", "")
            if response.status_code in (301, 302, 303) and location.startswith("/"):
                queue.append(location)  # e.g. a gift's checkout page and its own form
            for value in HOSTILE_VALUES:
                hostile = {**as_filled, **dict.fromkeys(names, value)}
                _post(client, failures, action, hostile, "*", value)
            # each field alone with every value; the rest as filled
            for name in names:
                for value in rng.sample(HOSTILE_VALUES, 5):
                    _post(client, failures, action, {**as_filled, name: value}, name, value)
                _post(client, failures, action, {**as_filled, name: ["1", "²"]}, name, "repeated")
            # a CSRF failure is a 403, never a 500
            without = {
                key: value for key, value in as_filled.items() if key != "csrfmiddlewaretoken"
            }
            response = Client(enforce_csrf_checks=True, raise_request_exception=False).post(
                action, without
            )
            failures.check(response, "POST", action, "csrfmiddlewaretoken", "missing")
    assert form_count >= 4, seen_forms  # give, campaign, join, send-my-link, page password
    # the CSRF token was kept: each form's posts reached its view, not only the CSRF check
    assert all(failures.posted.values()), failures.posted
    failures.assert_none()


@override_settings(LANGUAGE_CODE=settings.LANGUAGE_CODE)
def test_query_strings_that_are_not_key_value_pairs(fuzz_client):
    failures = Failures()
    for address in ["/ko/", "/ko/news/", "/ko/search/", "/api/v2/pages/", "/bbs/board.php"]:
        for query in ["&&&", "=", "==1", "a", "%ff%fe=%ff", "page", "page=1=2", "&" * 1000]:
            _get(fuzz_client, failures, f"{address}?{query}", "query", query)
    failures.assert_none()
