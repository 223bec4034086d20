"""iCalendar (RFC 5545) files: one event, or a feed of upcoming events in one language. Written
by hand (a few lines of text) rather than with a library: escaping, line folding, UTC times."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

PRODID = "-//Candle//Programmes//KO"


def _escape(text: str) -> str:
    text = "".join(ch for ch in (text or "") if ch == "\n" or ord(ch) >= 32)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def vevent_lines(
    *,
    uid: str,
    start,
    end,
    title: str,
    description: str = "",
    location: str = "",
    url: str = "",
    sequence: int | None = None,
    status: str = "",
    organizer: str = "",
    attendee: str = "",
) -> list[str]:
    """One VEVENT. ``sequence`` grows with each version of the same ``uid`` (a calendar keeps
    the highest); ``status``: ``CANCELLED`` for a cancellation; ``organizer``, ``attendee``:
    e-mail addresses, which a ``METHOD:CANCEL`` message names (RFC 5546)."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{_escape(title)}",
    ]
    if sequence is not None:
        lines.append(f"SEQUENCE:{int(sequence)}")
    if status:
        lines.append(f"STATUS:{status}")
    if organizer:
        lines.append(f"ORGANIZER:mailto:{_escape(organizer)}")
    if attendee:
        lines.append(f"ATTENDEE:mailto:{_escape(attendee)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if url:
        lines.append(f"URL:{_escape(url)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[list[str]], *, name: str = "", method: str = "") -> str:
    """``method``: ``CANCEL`` for a cancellation mailed to the person (RFC 5546), else none (a
    file to add to a calendar)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"


def event_location(event) -> str:
    parts = [event.venue, event.address]
    text = ", ".join(p for p in parts if p)
    return text or event.online_url


def event_vevent(event) -> list[str]:
    """One event page (in its own language) as a VEVENT; the UID is shared by translations."""
    return vevent_lines(
        uid=f"event-{event.translation_key}@candle",
        start=event.starts_at,
        end=event.ends_at,
        title=event.title,
        description=event.intro,
        location=event_location(event),
        url=_event_url(event),
    )


def _event_url(event) -> str:
    from candle.pages.urls_fast import absolute_url

    url = event.get_url()
    return absolute_url(url) if url else ""


def event_ics(event) -> str:
    return calendar([event_vevent(event)])
