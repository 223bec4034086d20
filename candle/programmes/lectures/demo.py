"""Demo lecture requests in every state, from visibly fictional institutions and people
(예시초등학교, Example Church, *.example.org addresses), and a link to the request form on the
education work area's page in both languages. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from .choices import AgeGroup, InstitutionType, Region, Topic
from .models import LectureRequest

Status = LectureRequest.Status

LINK_TEXT = {
    "ko": "학교·교회·군부대·기업에서 인식개선 강연을 신청하실 수 있습니다",
    "en": "Schools, churches, military units and companies can request an awareness lecture",
}


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(_day(days), dt.time(hour)))


# (institution, type, region, contact, language, status, first preferred day, people reached)
REQUESTS = [
    (
        "예시초등학교",
        InstitutionType.SCHOOL,
        Region.SEOUL,
        "홍길동예시",
        "ko",
        Status.REQUESTED,
        12,
        None,
    ),
    (
        "샘플중학교",
        InstitutionType.SCHOOL,
        Region.GYEONGGI,
        "김예시",
        "ko",
        Status.REQUESTED,
        20,
        None,
    ),
    (
        "Example Church",
        InstitutionType.CHURCH,
        Region.BUSAN,
        "Alex Example",
        "en",
        Status.SCHEDULED,
        9,
        None,
    ),
    (
        "예시부대 (가상)",
        InstitutionType.MILITARY,
        Region.GANGWON,
        "이샘플",
        "ko",
        Status.SCHEDULED,
        16,
        None,
    ),
    (
        "가명고등학교",
        InstitutionType.SCHOOL,
        Region.DAEJEON,
        "박가명",
        "ko",
        Status.GIVEN,
        -30,
        240,
    ),
    (
        "Example Trading Co.",
        InstitutionType.COMPANY,
        Region.INCHEON,
        "Sam Sample",
        "en",
        Status.GIVEN,
        -45,
        35,
    ),
    ("예시교회", InstitutionType.CHURCH, Region.JEJU, "최시험", "ko", Status.GIVEN, -70, 80),
    (
        "시험대학교 동아리",
        InstitutionType.OTHER,
        Region.GWANGJU,
        "정예시",
        "ko",
        Status.DECLINED,
        5,
        None,
    ),
    (
        "예시도서관",
        InstitutionType.OTHER,
        Region.SEJONG,
        "강샘플",
        "ko",
        Status.CANCELLED,
        25,
        None,
    ),
]


def _education_link() -> None:
    """A paragraph on the education work area's page (each language) pointing at the form."""
    from candle.pages.models import WorkAreaPage

    for page in WorkAreaPage.objects.filter(work_area__slug="education").select_related("locale"):
        language = page.locale.language_code
        with translation.override(language):
            url = reverse("programmes:lecture_request")
        if url in (page.intro or ""):
            continue
        text = LINK_TEXT.get(language, LINK_TEXT["en"])
        page.intro = f'{page.intro or ""}<p><a href="{url}">{text} →</a></p>'
        page.save_revision().publish()


def demo_load() -> list[str]:
    _education_link()
    if LectureRequest.objects.filter(email__startswith="lecture-demo-").exists():
        return []
    for n, (name, kind, region, contact, language, status, day, reached) in enumerate(REQUESTS):
        past = day < 0
        fields = {
            "submission_token": None,
            "status": status,
            "institution_type": kind,
            "institution_name": name,
            "region": region,
            "contact_name": contact,
            "phone": f"010-0000-{1000 + n}",
            "email": f"lecture-demo-{n}@example.org",
            "age_group": AgeGroup.TEENS if kind == InstitutionType.SCHOOL else AgeGroup.ADULTS,
            "audience_size": reached or 60,
            "preferred_date_1": _day(day),
            "preferred_date_2": _day(day + 3),
            "preferred_date_3": None if n % 2 else _day(day + 7),
            "language": language,
            "topic": Topic.HUMAN_RIGHTS if n % 2 else Topic.RESETTLEMENT,
            "topic_detail": "(예시) 학생들이 탈북 청소년의 학교생활을 알고 싶어 합니다."
            if n == 0
            else "",
            "consent_text": "(예시) 동의",
        }
        if status in (Status.SCHEDULED, Status.GIVEN):
            fields.update(
                scheduled_at=_at(day, 10 if past else 14),
                speaker_name="강사예시" if language == "ko" else "Example Speaker",
                venue="(예시) 강당",
                people_reached=reached,
                confirmation_sent_at=_at(day - 7, 9),
            )
            if past:
                fields["survey_sent_at"] = _at(day + 1, 9)
                if n % 2 == 0:
                    fields.update(
                        survey_rating=5,
                        survey_answered_at=_at(day + 2, 9),
                        survey_comment="(예시) 학생들의 반응이 좋았습니다.",
                    )
        LectureRequest.objects.create(**fields)
    return [f"programmes: {len(REQUESTS)} lecture requests in every state"]
