"""Values as the public pages show them, for the tags that write markup in Python
(``candle_tags``, ``chrome_tags``, ``post_tags``): text escaped as the template would escape it,
words translated, dates formatted, each remembered per process where the same value comes
back on every request (a worker's translations and formats do not change while it runs)."""

import datetime
import unicodedata
from functools import lru_cache
from html import escape as _html_escape

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.text import Truncator


@lru_cache(maxsize=4096)
def _date_formatted(when, tzinfo, format_name, language: str) -> str:
    """``date_format(when, format_name)``, worked out once per process for each date, format
    and language. Formatting a date with Django's ``dateformat`` costs about 25 µs (the format
    string parsed, a method per letter, month names translated), and the hot pages show the
    same dates on every request: 15 on a board page, 20 on a results page. ``tzinfo`` is part
    of the key because two aware datetimes in different zones compare equal when they are the
    same instant, yet show different days; ``language`` because month names and the default
    format are translated."""

    return date_format(when, format_name)


def date_shown(when, format_name=None) -> str:
    """``when`` (a date, or a datetime already in the zone to show) formatted as the ``date``
    filter would, from ``_date_formatted``'s memo."""
    return _date_formatted(
        when, getattr(when, "tzinfo", None), format_name, translation.get_language() or ""
    )


def _escape(text: str) -> str:
    """``html.escape(text)`` (what ``django.utils.html.escape`` does, without its lazy-text
    check), returning text with nothing to escape as it is, as most titles, dates and
    addresses are: a search for each of the five characters is a fast scan of the text, much
    cheaper than the regular expression engine's walk over a long Korean summary."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return _html_escape(text)
    return text


def escape_value(value) -> str:
    """``conditional_escape(value)``, with plain text escaped by ``_escape`` (the same text):
    Django's goes through its lazy-text wrapper and makes a ``SafeString`` each time."""
    if type(value) is str:
        return _escape(value)
    return conditional_escape(value)


@lru_cache(maxsize=256)
def _translated_in(language: str, message: str) -> str:
    with translation.override(language or None):
        return translation.gettext(message)


def _translated(language: str, message: str) -> str:
    """``gettext(message)`` in ``language`` (the active one, looked up by the caller once),
    remembered per process: the catalogues do not change while a worker runs, and each
    ``gettext`` reads the active translation through thread-locals."""
    return _translated_in(language, message)


SUMMARY_CHARS = 220


def _summary_shown(summary: str) -> str:
    """``Truncator(summary).chars(220)``, which first normalises to NFC and leaves a text that
    fits as it is: most summaries fit, and are only normalised here."""

    text = unicodedata.normalize("NFC", summary)
    return text if len(text) <= SUMMARY_CHARS else Truncator(text).chars(SUMMARY_CHARS)


def _time_element_parts_of_local(when, language: str) -> tuple[str, str]:
    # isoformat() is what date_format(when, "c") gives, without parsing "c"
    return (
        _escape(when.isoformat()),
        _escape(_date_formatted(when, getattr(when, "tzinfo", None), None, language)),
    )


@lru_cache(maxsize=4096)
def _time_element_parts(when, zone, language: str) -> tuple[str, str]:
    """``_time_element_parts_of_local`` of the aware ``when`` in ``zone``. Two aware datetimes
    that are the same instant are equal keys whatever their zones, and give the same local
    time in ``zone``: the key is right for both."""
    return _time_element_parts_of_local(when.astimezone(zone), language)


class DatesShown:
    """``value|date_shown`` of aware datetimes in the current time zone and language, both
    looked up once for all the dates of a part of a page (each lookup reads a thread-local)."""

    def __init__(self):

        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        self.language = translation.get_language() or ""

    def local(self, when):
        """``template_localtime(when)``."""
        if (
            self.zone is not None
            and isinstance(when, datetime.datetime)
            and when.utcoffset() is not None
            and getattr(when, "convert_to_local_time", True)
        ):
            return when.astimezone(self.zone)
        return when

    def attribute_and_text(self, when) -> tuple[str, str]:
        """``template_localtime(when)`` as a ``<time>`` element shows it: its ``datetime``
        attribute (``|date:"c"``) and its text (``|date_shown``), both escaped. For an aware
        datetime, remembered per process by the instant, zone and language
        (``_time_element_parts``): a board shows the same fifteen dates on every request, and
        converting and writing each cost more than the rest of its card."""
        if (
            self.zone is not None
            and isinstance(when, datetime.datetime)
            and when.utcoffset() is not None
            and getattr(when, "convert_to_local_time", True)
        ):
            return _time_element_parts(when, self.zone, self.language)
        return _time_element_parts_of_local(when, self.language)

    def shown(self, when, format_name=None) -> str:
        """``template_localtime(when)|date_shown`` (or ``|date_shown:format_name``)."""
        when = self.local(when)
        if isinstance(when, datetime.date):
            return _date_formatted(when, getattr(when, "tzinfo", None), format_name, self.language)
        return date_filter(when, format_name)
