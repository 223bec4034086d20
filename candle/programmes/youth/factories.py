"""Programmes and applications for tests, the admin walk and the demo (fictional people only)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Application, ApplicationFile, YouthProgrammePage

QUESTION_ID = "33333333-3333-3333-3333-333333333333"
UPLOAD_ID = "44444444-4444-4444-4444-444444444444"
CRITERIA_IDS = ("55555555-5555-5555-5555-555555555555", "66666666-6666-6666-6666-666666666666")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def programme_make(*, parent, group, title="겨울학교 (예시)", slug=None, days_open=20, **extra):
    now = timezone.now()
    page = YouthProgrammePage(
        title=title,
        slug=slug or f"youth-{uuid.uuid4().hex[:8]}",
        intro=extra.pop("intro", "예시 프로그램입니다."),
        eligibility=extra.pop("eligibility", "북한이탈 청소년 (예시)"),
        applications_open_at=extra.pop("applications_open_at", now - dt.timedelta(days=1)),
        applications_close_at=extra.pop(
            "applications_close_at", now + dt.timedelta(days=days_open)
        ),
        ends_on=extra.pop("ends_on", (now + dt.timedelta(days=days_open + 60)).date()),
        reviewer_group=group,
        questions=extra.pop(
            "questions",
            [
                {
                    "type": "question",
                    "value": {
                        "label": "지원 동기",
                        "kind": "long",
                        "choices": "",
                        "required": True,
                    },
                    "id": QUESTION_ID,
                }
            ],
        ),
        uploads=extra.pop(
            "uploads",
            [
                {
                    "type": "upload",
                    "value": {"label": "추천서", "help": "", "required": True},
                    "id": UPLOAD_ID,
                }
            ],
        ),
        rubric=extra.pop(
            "rubric",
            [
                {
                    "type": "criterion",
                    "value": {"label": "동기", "max_points": 10},
                    "id": CRITERIA_IDS[0],
                },
                {
                    "type": "criterion",
                    "value": {"label": "성장 가능성", "max_points": 5},
                    "id": CRITERIA_IDS[1],
                },
            ],
        ),
        **extra,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def application_make(*, programme, name="김예시", email="applicant@example.org", **extra):
    application = Application(
        programme=programme,
        submission_token=uuid.uuid4().hex,
        name=name,
        birth_date=extra.pop("birth_date", dt.date(2008, 5, 1)),
        email=email,
        phone=extra.pop("phone", "010-0000-0000"),
        school=extra.pop("school", "예시고등학교"),
        consent_text="(예시 동의문)",
        **extra,
    )
    application.answers = [
        {"id": QUESTION_ID, "label": "지원 동기", "answer": f"{name}의 예시 답변"}
    ]
    application.save()
    return application


def application_file_add(*, application, data: bytes = PDF_BYTES) -> ApplicationFile:
    stored = ApplicationFile(
        application=application,
        slot=UPLOAD_ID,
        label="추천서",
        content_type="application/pdf",
        size=len(data),
        original_name="recommendation.pdf",
    )
    stored.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=True)
    return stored


def application_with_file_make(*, parent, group, name, email, phone):
    programme = programme_make(parent=parent, group=group, title="Leak-test programme")
    application = application_make(programme=programme, name=name, email=email, phone=phone)
    return application, application_file_add(application=application)
