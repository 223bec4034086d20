"""Query parameters are parsed in one place (``candle.core.params``): ASCII digits only,
bounded, and anything else falls back to the default — never a 500 (issue 20, item 6)."""

import pytest
from django.http import QueryDict

from candle.core.params import int_or_none, param_choice, param_int, param_text

UNICODE_DIGITS = ["²", "٣", "１", "߁", "𝟗", "Ⅻ", "½", "1²"]


@pytest.mark.parametrize("text", UNICODE_DIGITS)
def test_unicode_digits_are_not_numbers(text):
    assert text.isdigit() or text.isnumeric()  # what fooled the old parsers
    assert int_or_none(text) is None
    assert param_int(QueryDict(f"page={text}"), "page", default=1) == 1


@pytest.mark.parametrize(
    "text",
    ["", " ", "-1", "+1", "1e9", "NaN", "0x10", "1_000", "1.0", "\x00", "1\x00", "a" * 10_000],
)
def test_malformed_numbers_are_the_default(text):
    assert param_int({"page": text}, "page", default=7) == 7


def test_numbers_are_bounded():
    params = QueryDict("year=2024&big=99999999999999999999&nine=999999999&ten=1000000000")
    assert param_int(params, "year", minimum=1901, maximum=2199) == 2024
    assert param_int(params, "year", minimum=2025, maximum=2199) is None
    assert param_int(params, "big", default=3) == 3
    assert param_int(params, "nine") == 999_999_999
    assert param_int(params, "ten", default=0) == 0
    assert param_int(params, "missing", default=5) == 5
    assert param_int(params, "year", minimum=1, maximum=10, clamp=True) == 10
    assert param_int(QueryDict("p=0"), "p", minimum=1, clamp=True) == 1
    assert param_int(QueryDict("p=%20%2012%20"), "p") == 12


def test_repeated_keys_read_the_last_value():
    assert param_int(QueryDict("page=2&page=3"), "page") == 3
    assert param_int(QueryDict("page=2&page=²"), "page", default=1) == 1


def test_choices_and_text():
    params = QueryDict("order=newest&type=%3Cscript%3E&q=%00%20abc%20&long=" + "x" * 500)
    assert param_choice(params, "order", {"relevance", "newest"}) == "newest"
    assert param_choice(params, "type", {"posts"}, default="") == ""
    assert param_choice(params, "missing", {"posts"}, default="posts") == "posts"
    assert param_text(params, "q", max_length=10) == "abc"
    assert param_text(params, "long", max_length=60) == "x" * 60
    assert param_text(params, "missing", max_length=60, default="d") == "d"


# The addresses the issue reported, on pages that exist, with production's error handling
# (DEBUG off, exceptions turned into the 500 page rather than raised into the test).
@pytest.mark.parametrize("digit", ["²", "٣", "１"])
def test_reported_addresses_with_unicode_digits_never_fail(client, site_tree, digit):
    from candle.pages.factories import post_make, report_make

    post_make(site_tree["ko"].boards["news"], title="글")
    report_make(site_tree["ko"].library, slug="r", year=2022)
    client.raise_request_exception = False
    for address, expected in [
        (f"/ko/news/?page={digit}", 200),
        (f"/ko/news/?year={digit}&page=1", 200),
        (f"/ko/search/?q=a&page={digit}", 200),
        (f"/ko/search/?q=a&year={digit}&board={digit}", 200),
        (f"/ko/reports/?year={digit}", 200),
        (f"/ko/reports/?page={digit}", 200),
        (f"/bbs/board.php?bo_table=x&wr_id={digit}", 404),
        (f"/bbs/board.php?bo_table=news&page={digit}", 404),
        (f"/bbs/download.php?bo_table=x&wr_id={digit}&no={digit}", 404),
    ]:
        response = client.get(address)
        assert response.status_code == expected, (address, response.status_code)
