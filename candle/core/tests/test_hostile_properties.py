"""Properties of the places input is parsed, for any text (hypothesis): the query-parameter
parsers (``candle.core.params``) and the public forms never raise, and what they let through
keeps its promise (bounded ASCII numbers; text without NUL or invisible control characters).
The HTTP-level tests (``test_hostile_forms.py``, ``test_fuzz_public.py``) send chosen values;
these send generated ones to the same parsers, without a request each, so they can send many.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.http import QueryDict
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candle.core.params import int_or_none, param_choice, param_int, param_text

from .hostile_site import hostile_world_build  # noqa: F401
from .hostile_world import CASES

# Text as a request can carry it: any code point but lone surrogates (Django decodes a body
# or query with "replace"), NUL and controls included, and sometimes very long.
request_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Cc", "Cf"]), max_size=12),
    st.from_regex(r"\A[ +-]?[0-9]{0,25}(\.[0-9]*)?([eE][+-]?[0-9]+)?\Z"),
    st.just("9" * 5000),
)
QUICK = settings(max_examples=300, deadline=None, database=None)


@QUICK
@given(text=request_text, low=st.integers(-5, 5), high=st.integers(0, 10**10))
def test_int_or_none_is_a_bounded_ascii_number_or_none(text, low, high):
    number = int_or_none(text, minimum=low, maximum=high)
    if number is not None:
        stripped = text.strip()
        assert stripped.isascii() and stripped.isdigit() and len(stripped) <= 9  # noqa: PLR2004
        assert number == int(stripped) and low <= number <= high


@QUICK
@given(values=st.lists(request_text, min_size=1, max_size=3), maximum=st.integers(1, 100))
def test_parameters_read_the_last_value_and_keep_their_bounds(values, maximum):
    params = QueryDict(mutable=True)
    params.setlist("p", values)
    number = param_int(params, "p", default=-7, minimum=1, maximum=maximum, clamp=True)
    assert number == -7 or 1 <= number <= maximum
    text = param_text(params, "p", max_length=maximum)
    assert "\x00" not in text and len(text) <= maximum and text == text.strip()
    assert text in values[-1].replace("\x00", "")
    assert param_choice(params, "p", {"a", "b"}, default="z") in {"a", "b", "z"}


def _invisible(text: str) -> list[str]:
    return [
        ch
        for ch in text
        if ch not in "\t\n\r\u200c\u200d" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")
    ]


SHORT_TEXT_FIELDS = {"name", "contact_name", "institution_name", "school", "phone"}


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.id in ("event_register", "lecture_request", "youth_apply")],
    ids=lambda c: c.id,
)
def test_public_forms_never_raise_and_keep_no_control_characters(hostile_world, db, case, language):
    """Each text field of the form, any text, the rest valid: ``is_valid`` answers (never
    raises), and a value it accepts has no control or invisible format characters."""
    from candle.programmes.forms import RegistrationForm
    from candle.programmes.lectures.forms import LectureRequestForm
    from candle.programmes.youth.forms import ApplicationForm

    def form_for(data):
        if case.id == "event_register":
            event = hostile_world["event" if language == "ko" else "event_en"]
            return RegistrationForm(data, event=event)
        if case.id == "youth_apply":
            programme = hostile_world["programme" if language == "ko" else "programme_en"]
            files = {k: v for k, v in data.items() if not isinstance(v, str)}
            return ApplicationForm(
                {k: v for k, v in data.items() if isinstance(v, str)}, files, programme=programme
            )
        return LectureRequestForm(data, language=language)

    names = [n for n, kind in case.kinds.items() if kind == "text"]

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(name=st.sampled_from(names), value=request_text)
    def check(name, value):
        data = case.data(hostile_world, language)
        data[name] = value
        with translation.override(language):
            form = form_for(data)
            valid = form.is_valid()
            [str(message) for messages in form.errors.values() for message in messages]
        if valid and name in SHORT_TEXT_FIELDS:
            assert not _invisible(form.cleaned_data[name]), (name, value)
        if valid and isinstance(form.cleaned_data.get(name), str):
            assert "\x00" not in form.cleaned_data[name]

    check()
