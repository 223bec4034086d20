"""Demo newsletters: two issues sent to the demo supporters who agreed to the newsletter, in
Korean and English. The mail goes to a local-memory outbox (nobody is mailed), through the same
services as a real send, so the deliveries and the archive are what staff would see.
Idempotent: an issue with the same Korean subject is not made twice.

Called by ``candle.advocacy.demo.demo_load`` (or the demo loader's ``OTHER_APPS``)."""

from __future__ import annotations

import datetime as dt

from django.test.utils import override_settings
from django.utils import timezone

from candle.advocacy.models import NewsletterIssue
from candle.advocacy.newsletters.services import newsletter_deliver, newsletter_send_start

ISSUES = [
    {
        "subject_ko": "[예시] 소식지 11월호: 강제송환 위기의 탈북민",
        "body_ko": (
            "<h2>이달의 소식</h2><p>중국 공안에 붙잡힌 탈북민들이 강제송환 위기에 놓였습니다. "
            "우리 단체는 긴급 호소문을 내고 관련 대사관에 서한을 보냈습니다. "
            "(이 소식지는 시연용 예시입니다.)</p>"
            "<ul><li>긴급 호소 서명 참여</li><li>유엔 인권이사회 발언 준비</li></ul>"
        ),
        "subject_en": "[Example] November newsletter: refugees facing forced repatriation",
        "body_en": (
            "<h2>This month</h2><p>North Korean refugees detained in China face forced "
            "repatriation. We issued an urgent appeal and wrote to the embassies concerned. "
            "(This newsletter is a demo example.)</p>"
            "<ul><li>Sign the urgent appeal</li><li>Preparing our statement to the UN Human "
            "Rights Council</li></ul>"
        ),
        "days_ago": 35,
    },
    {
        "subject_ko": "[예시] 소식지 12월호: 한 해를 돌아보며",
        "body_ko": (
            "<p>올해 함께해 주신 후원자 여러분께 감사드립니다. 교육 지원과 구출 활동의 "
            "한 해를 정리했습니다. (시연용 예시 소식지입니다.)</p>"
        ),
        "subject_en": "",
        "body_en": "",
        "days_ago": 5,
    },
]


def demo_load() -> list[str]:
    lines = []
    for spec in ISSUES:
        if NewsletterIssue.objects.filter(subject_ko=spec["subject_ko"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k != "days_ago"}
        issue = NewsletterIssue.objects.create(**fields)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            count = newsletter_send_start(issue=issue)
            newsletter_deliver(issue_id=issue.pk, pause=0)
        started = timezone.now() - dt.timedelta(days=spec["days_ago"])
        NewsletterIssue.objects.filter(pk=issue.pk).update(
            sending_started_at=started, sent_at=started + dt.timedelta(minutes=3)
        )
        lines.append(f"Newsletter issue sent (demo, no real mail): #{issue.pk}, {count} recipients")
    return lines
