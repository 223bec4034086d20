"""The public forms the hostile-input test (``test_hostile_forms.py``) throws values at: one
row per form (a new public form adds its row here), with a valid submission in each language
and the kind of each field, and the hostile values of each kind. The site they post to is
built by ``hostile_site``.

A row's ``data(world, language)`` is a fresh valid submission (a new submission token, a new
e-mail address), so a hostile value the form accepts does not turn the next post into a repeat.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

_numbers = itertools.count(1)

# Field kinds. Each value is (what is sent, whether the form must refuse it). A value the form
# may accept (HTML in a name is a name) must still never give a 5xx, and if refused, the page
# must say why in its language and keep the rest.
REFUSE, EITHER = True, False
LONG = "가" * 34_000  # ~100 KB of UTF-8
VALUES: dict[str, list[tuple[object, bool]]] = {
    "text": [
        ("김\x00예시", REFUSE),
        (LONG, REFUSE),
        ('<script>alert(1)</script>"><img src=x onerror=alert(1)>', EITHER),
        ("\u200b\u202e\u2066", EITHER),  # invisible format characters only
        (["첫째", "둘째"], EITHER),  # repeated: the last counts
        ("   ", EITHER),
    ],
    "email": [
        ("ü" * 3 + "@example.org", REFUSE),
        ("a" * 288 + "@example.org", REFUSE),  # 300 characters
        ("<script>@example.org", REFUSE),
        ("a\x00b@example.org", REFUSE),
        ("user@예시.한국", EITHER),  # an internationalised domain
        (["a@example.org", "b@example.org"], EITHER),
    ],
    "number": [
        ("-1", EITHER),
        ("99999999999999999999", EITHER),
        ("1.5", EITHER),
        ("١٢", EITHER),  # Arabic-Indic digits
        ("1e3", EITHER),
        ("9" * 5000, EITHER),
        ("NaN", EITHER),
    ],
    "date": [
        ("0000-00-00", REFUSE),
        ("2026-02-30", REFUSE),
        ("99999-01-01", REFUSE),
        ("-001-01-01", REFUSE),
        ("٢٠٢٧-٠١-٠١", EITHER),
        ("2027-01-01T00:00", REFUSE),
    ],
    "choice": [("no-such-choice", REFUSE), ("<b>x</b>", REFUSE), (["a", "b"], REFUSE)],
    "consent": [("", REFUSE), ("false", REFUSE)],
    "hidden": [("-1", EITHER), ("١", EITHER), ("9" * 40, EITHER), ("", EITHER), ("x\x00", EITHER)],
    "token": [("", REFUSE), ("zz", EITHER), ("a" * 5000, REFUSE), ("../../etc", REFUSE)],
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(width: int = 2, height: int = 2, *, break_crc: bool = False, lie: bool = False) -> bytes:
    """A tiny valid PNG; with ``break_crc`` its image data's checksum is wrong; with ``lie``
    its header claims ``width`` × ``height`` but the data is for one pixel."""

    def chunk(kind: bytes, data: bytes, crc_fix: int = 0) -> bytes:
        crc = (zlib.crc32(kind + data) ^ crc_fix) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows, columns = (1, 1) if lie else (height, width)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * columns for _ in range(rows))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw), 1 if break_crc else 0)
        + chunk(b"IEND", b"")
    )


def _upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


FILES = {
    "document": [
        (lambda: _upload("letter.pdf", b"<html><script>alert(1)</script></html>"), REFUSE),
        (lambda: _upload("letter.pdf", b""), REFUSE),
        (lambda: _upload("letter.pdf", PDF + b"0" * (10 * 1024 * 1024)), REFUSE),
        (lambda: _upload("letter.exe", PDF), REFUSE),
        (lambda: _upload("x" * 1000 + ".pdf", PDF), REFUSE),
        (lambda: _upload("photo.png", png() + b"PK\x03\x04zip"), REFUSE),
        (lambda: _upload("letter.pdf", PDF + b"/JavaScript (x)"), REFUSE),
    ],
    "logo": [
        (lambda: _upload("logo.png", b"not a picture"), REFUSE),
        (lambda: _upload("logo.png", b""), REFUSE),
        (lambda: _upload("logo.png", png() + b"\x00" * (512 * 1024)), REFUSE),
        (lambda: _upload("logo.png", png(break_crc=True)), REFUSE),
        (lambda: _upload("logo.png", png(5000, 1)), REFUSE),
        (lambda: _upload("logo.png", png(10_000, 10_000, lie=True)), REFUSE),  # 10⁸ pixels
        (lambda: _upload("logo.png", png(30_000, 30_000, lie=True)), REFUSE),
        (lambda: _upload("logo.png", png()[:40]), REFUSE),  # cut off
        (lambda: _upload("logo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64), REFUSE),
    ],
}


@dataclass
class FormCase:
    """One public form: where it posts, a valid submission, the kinds of its fields."""

    id: str
    url: Callable[[dict, str], str]
    data: Callable[[dict, str], dict]
    kinds: dict[str, str]
    # fields the page does not show back on purpose (a resident number, a honeypot)
    not_shown_again: set[str] = field(default_factory=set)
    csrf: bool = True  # the form carries a CSRF token (the cached appeal page's does not)
    # Whether the form is shown again after a refusal (else another page answers).
    shown_again: bool = True

    @property
    def hidden(self) -> set[str]:
        return {name for name, kind in self.kinds.items() if kind == "hidden"}


def _reverse(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def email() -> str:
    return f"hostile{next(_numbers)}@example.org"


def _event(world, language):
    return world["event"] if language == "ko" else world["event_en"]


def _programme(world, language):
    return world["programme"] if language == "ko" else world["programme_en"]


def _born(years: int) -> str:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


QUESTION = "q_11111111-1111-1111-1111-111111111111"
CHOICE_QUESTION = "q_22222222-2222-2222-2222-222222222222"
YOUTH_QUESTION = "q_33333333-3333-3333-3333-333333333333"  # youth.factories' question
YOUTH_UPLOAD = "u_44444444-4444-4444-4444-444444444444"  # and its upload

CASES = [
    FormCase(
        id="event_register",
        url=lambda w, lang: _reverse("programmes:register", lang),
        data=lambda w, lang: {
            "page_id": str(_event(w, lang).pk),
            "name": "김예시",
            "email": email(),
            "phone": "010-0000-0000",
            "consent": "on",
            QUESTION: "예시 대학교",
            CHOICE_QUESTION: "채식" if lang == "ko" else "Vegetarian",
        },
        kinds={
            "page_id": "hidden",
            "name": "text",
            "email": "email",
            "phone": "text",
            "consent": "consent",
            QUESTION: "text",
            CHOICE_QUESTION: "choice",
        },
    ),
    FormCase(
        id="lecture_request",
        url=lambda w, lang: _reverse("programmes:lecture_request", lang),
        data=lambda w, lang: {
            "submission_token": secrets.token_hex(16),
            "institution_type": "school",
            "institution_name": "예시초등학교",
            "region": "seoul",
            "contact_name": "홍길동예시",
            "phone": "02-123-4567",
            "email": email(),
            "age_group": "children",
            "audience_size": "120",
            "preferred_date_1": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "preferred_date_2": "",
            "preferred_date_3": "",
            "language": "ko",
            "topic": "human_rights",
            "topic_detail": "통일 교육",
            "consent": "on",
            "website": "",
        },
        kinds={
            "submission_token": "token",
            "institution_type": "choice",
            "institution_name": "text",
            "region": "choice",
            "contact_name": "text",
            "phone": "text",
            "email": "email",
            "age_group": "choice",
            "audience_size": "number",
            "preferred_date_1": "date",
            "preferred_date_2": "date",
            "language": "choice",
            "topic": "choice",
            "topic_detail": "text",
            "consent": "consent",
        },
        not_shown_again={"website"},
    ),
    FormCase(
        id="youth_apply",
        url=lambda w, lang: _reverse("programmes:youth_apply", lang),
        data=lambda w, lang: {
            "page_id": str(_programme(w, lang).pk),
            "submission_token": uuid.uuid4().hex,
            "name": "김예시",
            "birth_date": _born(16),
            "email": email(),
            "phone": "010-0000-0000",
            "school": "예시고등학교",
            "consent": "on",
            YOUTH_QUESTION: "배우고 싶습니다 (예시)",
            YOUTH_UPLOAD: _upload("letter.pdf", PDF, "application/pdf"),
        },
        kinds={
            "page_id": "hidden",
            "submission_token": "token",
            "name": "text",
            "birth_date": "date",
            "email": "email",
            "phone": "text",
            "school": "text",
            "consent": "consent",
            YOUTH_QUESTION: "text",
            YOUTH_UPLOAD: "document",
            "guardian_email": "email",
        },
        not_shown_again={YOUTH_UPLOAD, "website_url"},
    ),
    FormCase(
        id="youth_apply_under_14",
        url=lambda w, lang: _reverse("programmes:youth_apply", lang),
        data=lambda w, lang: {
            "page_id": str(_programme(w, lang).pk),
            "submission_token": uuid.uuid4().hex,
            "name": "김어린",
            "birth_date": _born(12),
            "email": email(),
            "phone": "010-0000-0000",
            "school": "예시중학교",
            "guardian_name": "김보호",
            "guardian_email": email(),
            "consent": "on",
            YOUTH_QUESTION: "배우고 싶습니다 (예시)",
            YOUTH_UPLOAD: _upload("letter.pdf", PDF, "application/pdf"),
        },
        kinds={
            "birth_date": "date",
            "guardian_name": "text",
            "guardian_email": "email",
        },
        not_shown_again={YOUTH_UPLOAD, "website_url"},
    ),
    FormCase(
        id="appeal_sign",
        url=lambda w, lang: _reverse(
            "advocacy:sign", lang, page_id=(w["appeal"] if lang == "ko" else w["appeal_en"]).pk
        ),
        data=lambda w, lang: {
            "name": "김예시",
            "email": email(),
            "country": "KR",
            "comment": "강제북송을 멈춰 주십시오.",
            "consent_signature": "on",
            "website_url": "",
        },
        kinds={
            "name": "text",
            "email": "email",
            "country": "choice",
            "comment": "text",
            "consent_signature": "consent",
        },
        not_shown_again={"website_url"},
        csrf=False,
    ),
    FormCase(
        id="organisation_sign",
        url=lambda w, lang: _reverse(
            "advocacy:organisation_sign",
            lang,
            page_id=(w["appeal"] if lang == "ko" else w["appeal_en"]).pk,
        ),
        data=lambda w, lang: {
            "name_ko": "예시 단체",
            "name_en": "Example NGO",
            "country": "KR",
            "contact_name": "홍길동예시",
            "email": email(),
            "website": "https://ngo.example",
            "consent": "on",
            "website_url": "",
            "logo": _upload("logo.png", png(), "image/png"),
        },
        kinds={
            "name_ko": "text",
            "country": "choice",
            "contact_name": "text",
            "email": "email",
            "website": "text",
            "consent": "consent",
            "logo": "logo",
        },
        not_shown_again={"logo", "website_url"},
    ),
    FormCase(
        id="supporters_join",
        url=lambda w, lang: _reverse("supporters:join", lang),
        data=lambda w, lang: {
            "kind": "person",
            "name": "김예시",
            "email": email(),
            "phone": "010-0000-0000",
            "membership_type": str(w["membership_type"].pk),
            "consent_membership": "on",
            "website": "",
        },
        kinds={
            "kind": "choice",
            "name": "text",
            "email": "email",
            "phone": "text",
            "membership_type": "choice",
            "consent_membership": "consent",
        },
        not_shown_again={"website"},
    ),
    FormCase(
        id="supporters_access",
        url=lambda w, lang: _reverse("supporters:access_request", lang),
        data=lambda w, lang: {"email": email()},
        kinds={"email": "email"},
    ),
    FormCase(
        id="donate",
        url=lambda w, lang: _reverse("giving:donate", lang),
        data=lambda w, lang: {
            "page_id": str(w["campaign"].pk),
            "submission_token": uuid.uuid4().hex,
            "frequency": "one_off",
            "preset": "30000",
            "amount_other": "",
            "name": "김예시",
            "email": email(),
            "phone": "010-0000-0000",
            "consent": "on",
        },
        kinds={
            "page_id": "hidden",
            "submission_token": "token",
            "frequency": "choice",
            "preset": "choice",
            "amount_other": "number",
            "name": "text",
            "email": "email",
            "phone": "text",
            "consent": "consent",
            "tax_id": "text",
        },
        not_shown_again={"tax_id"},
    ),
]
