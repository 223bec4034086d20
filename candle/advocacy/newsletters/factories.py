"""Rows for tests and the demo: issues and supporters who agreed to the newsletter."""

from __future__ import annotations

from candle.advocacy.models import NewsletterIssue
from candle.supporters.models import Consent, Supporter
from candle.supporters.services import consent_record

CONSENT_TEXT = "[선택] 소식지 수신 동의 (예시)"


def issue_make(**fields) -> NewsletterIssue:
    values = {
        "subject_ko": "북한인권 소식 (예시)",
        "body_ko": "<p>강제송환 위기에 놓인 탈북민 소식을 전합니다. 예시 본문입니다.</p>",
        "subject_en": "North Korean human rights news (Example)",
        "body_en": "<p>News of refugees at risk of forced repatriation. Example text.</p>",
    }
    values.update(fields)
    return NewsletterIssue.objects.create(**values)


def subscriber_make(
    *, name: str, email: str, language: str = "ko", tags: tuple[str, ...] = ()
) -> Supporter:
    supporter = Supporter.objects.create(name=name, email=email, preferred_language=language)
    consent_record(
        supporter=supporter,
        purpose=Consent.Purpose.NEWSLETTER,
        text=CONSENT_TEXT,
        method=Consent.Method.WEB_FORM,
        source="test",
    )
    if tags:
        supporter.tags.add(*tags)
    return supporter


def newsletter_rows_create(*, supporter: Supporter) -> dict:
    """One row of each newsletter model about ``supporter``, for the admin walks
    (``candle/core/tests/personal_data_walk.py``)."""
    from candle.advocacy.models import NewsletterDelivery, NewsletterSuppression

    issue = issue_make()
    return {
        NewsletterIssue: issue,
        NewsletterDelivery: NewsletterDelivery.objects.create(
            issue=issue,
            supporter=supporter,
            email=supporter.email,
            email_normalised=supporter.email.lower(),
            language="ko",
        ),
        NewsletterSuppression: NewsletterSuppression.objects.create(
            email_normalised=supporter.email.lower(), reason="bounced"
        ),
    }
