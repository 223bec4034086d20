"""Sending an issue: who is in the segment, one delivery row per recipient, the mail itself,
throttled batches, and a send killed halfway that resumes without mailing anyone twice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from candle.advocacy.models import NewsletterDelivery, NewsletterIssue, NewsletterSuppression
from candle.advocacy.newsletters import services
from candle.advocacy.newsletters.factories import issue_make, subscriber_make
from candle.advocacy.newsletters.selectors import newsletter_recipients
from candle.supporters.models import Consent, Membership, MembershipType, Supporter
from candle.supporters.services import consent_withdraw_purpose, supporter_anonymise

pytestmark = pytest.mark.django_db

Status = NewsletterDelivery.Status


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start sending as staff do: the task runs when the transaction commits."""

    def start(issue, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.newsletter_send_start(issue=issue, **kwargs)

    return start


@pytest.fixture
def people():
    return {
        "ko": subscriber_make(name="홍길동예시", email="hong@example.org", tags=("후원자",)),
        "en": subscriber_make(name="Jane Example", email="jane@example.org", language="en"),
        "tagged": subscriber_make(name="김예시", email="kim@example.org", tags=("기자", "후원자")),
    }


def _emails(issue) -> set[str]:
    return set(newsletter_recipients(issue=issue).values_list("email", flat=True))


def test_segment_needs_an_active_newsletter_consent_and_an_address(people):
    Supporter.objects.create(name="동의없음예시", email="none@example.org")
    withdrawn = subscriber_make(name="철회예시", email="withdrawn@example.org")
    consent_withdraw_purpose(supporter=withdrawn, purpose=Consent.Purpose.NEWSLETTER)
    forgotten = subscriber_make(name="삭제예시", email="forgotten@example.org")
    supporter_anonymise(supporter=forgotten)
    NewsletterSuppression.objects.create(email_normalised="kim@example.org", reason="bounced")
    assert _emails(issue_make()) == {"hong@example.org", "jane@example.org"}


def test_segment_by_language_tags_and_membership(people):
    assert _emails(issue_make(segment_language="en")) == {"jane@example.org"}
    assert _emails(issue_make(segment_language="ko")) == {"hong@example.org", "kim@example.org"}
    assert _emails(issue_make(segment_tags="기자, 없는태그")) == {"kim@example.org"}
    kind = MembershipType.objects.create(name_ko="정회원", name_en="Member")
    Membership.objects.create(supporter=people["en"], membership_type=kind, status="active")
    Membership.objects.create(supporter=people["ko"], membership_type=kind, status="lapsed")
    assert _emails(issue_make(segment_members_only=True)) == {"jane@example.org"}


def test_start_creates_one_row_per_recipient_and_a_second_start_creates_nothing(people, start):
    # two records with one address (not merged yet) are one recipient
    subscriber_make(name="홍길동예시 중복", email="HONG@example.org ")
    issue = issue_make()
    assert start(issue) == 3
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT  # the immediate task sent everything
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 3
    assert len(mail.outbox) == 3
    # bulk_create sends no signals: the batch writes its own audit entry, naming the issue
    from candle.audit.models import AuditEntry

    entry = AuditEntry.objects.get(target_type="advocacy.newsletterdelivery")
    assert (entry.action, entry.count) == ("record.create", 3)
    assert entry.detail == f"newsletter issue #{issue.pk}"
    with pytest.raises(ValidationError):
        start(issue)
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 3
    assert len(mail.outbox) == 3


def test_each_reader_gets_their_language_html_text_and_one_click_unsubscribe(people, start):
    issue = issue_make(
        body_ko='<p>본문 <a href="https://example.org/a">링크</a></p><ul><li>하나</li></ul>'
    )
    start(issue)
    by_address = {message.to[0]: message for message in mail.outbox}
    korean, english = by_address["hong@example.org"], by_address["jane@example.org"]
    assert korean.subject == "북한인권 소식 (예시)"
    assert english.subject == "North Korean human rights news (Example)"
    assert "링크 (https://example.org/a)" in korean.body and "- 하나" in korean.body
    html, kind = korean.alternatives[0]
    assert kind == "text/html" and '<a href="https://example.org/a">' in html
    headers = korean.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mailto, https = [part.strip(" <>") for part in headers["List-Unsubscribe"].split(",")]
    assert mailto.startswith("mailto:") and https.startswith("http://testserver/ko/newsletters/")
    assert https in korean.body and https in html
    assert "/en/newsletters/unsubscribe/" in english.extra_headers["List-Unsubscribe"]
    # a different link for every reader
    assert english.extra_headers["List-Unsubscribe"] != headers["List-Unsubscribe"]


def test_an_issue_in_korean_only_goes_to_english_readers_in_korean(people, start):
    issue = issue_make(subject_en="", body_en="")
    start(issue)
    english = next(m for m in mail.outbox if m.to == ["jane@example.org"])
    assert english.subject == "북한인권 소식 (예시)"
    assert NewsletterDelivery.objects.get(supporter=people["en"]).language == "ko"


def _started(issue) -> None:
    """Start sending without running the task (the test's transaction never commits, so the
    task enqueued on commit never runs: as in production before the worker takes it)."""
    services.newsletter_send_start(issue=issue)


def test_batches_are_throttled(people, monkeypatch):
    pauses = []
    monkeypatch.setattr(services.time, "sleep", pauses.append)
    issue = issue_make()
    _started(issue)
    assert services.newsletter_deliver(issue_id=issue.pk, batch_size=1, pause=0.5) == 3
    assert pauses == [0.5, 0.5]  # between batches, not before the first


class Killed(BaseException):
    """What a killed process looks like from inside: nothing after this line runs."""


class DiesAfterSecondMail(LocmemBackend):
    sent = 0

    def send_messages(self, messages):
        count = super().send_messages(messages)  # handed to the mail server…
        DiesAfterSecondMail.sent += count
        if DiesAfterSecondMail.sent == 2:
            raise Killed  # …and the process dies before the row says so
        return count


def test_a_send_killed_halfway_resumes_without_mailing_anyone_twice(
    people, settings, django_capture_on_commit_callbacks
):
    for n in range(4):
        subscriber_make(name=f"추가예시{n}", email=f"extra{n}@example.org")
    issue = issue_make()
    _started(issue)
    settings.EMAIL_BACKEND = f"{__name__}.DiesAfterSecondMail"
    DiesAfterSecondMail.sent = 0
    with pytest.raises(Killed):
        services.newsletter_deliver(issue_id=issue.pk, batch_size=3)
    assert len(mail.outbox) == 2
    statuses = list(NewsletterDelivery.objects.filter(issue=issue).values_list("status", flat=True))
    assert statuses.count(Status.SENT) == 1 and statuses.count(Status.SENDING) == 1

    # The worker restarts later (the claim has timed out): the rest go, nobody twice.
    NewsletterDelivery.objects.filter(status=Status.SENDING).update(
        claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.newsletter_resume_all() == [issue.pk]
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == 7 and len(set(recipients)) == 7
    assert NewsletterDelivery.objects.filter(issue=issue, status=Status.UNCERTAIN).count() == 1
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT

    services.newsletter_deliver(issue_id=issue.pk)  # a third run sends nothing
    assert len(mail.outbox) == 7


def test_two_runners_at_once_send_each_row_once(people):
    issue = issue_make()
    _started(issue)
    first = services.newsletter_deliver(issue_id=issue.pk, batch_size=1, max_batches=1)
    second = services.newsletter_deliver(issue_id=issue.pk)
    assert first + second == 3 and len(mail.outbox) == 3


def test_who_unsubscribes_or_bounces_during_a_send_gets_nothing_more(people):
    issue = issue_make()
    _started(issue)
    consent_withdraw_purpose(supporter=people["en"], purpose=Consent.Purpose.NEWSLETTER)
    NewsletterSuppression.objects.create(email_normalised="kim@example.org", reason="bounced")
    services.newsletter_deliver(issue_id=issue.pk)
    assert [message.to for message in mail.outbox] == [["hong@example.org"]]
    assert NewsletterDelivery.objects.filter(issue=issue, status=Status.SKIPPED).count() == 2


class RefusesJane(LocmemBackend):
    def send_messages(self, messages):
        if messages[0].to == ["jane@example.org"]:
            raise OSError("mailbox unavailable")
        return super().send_messages(messages)


def test_a_refused_mail_is_recorded_and_the_rest_go(people, settings, start):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesJane"
    issue = issue_make()
    start(issue)
    assert len(mail.outbox) == 2
    failed = NewsletterDelivery.objects.get(issue=issue, status=Status.FAILED)
    assert failed.supporter == people["en"] and failed.error == "OSError"
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_test_send_goes_to_the_staff_member_only_in_every_language(people):
    issue = issue_make()
    assert services.newsletter_test_send(issue=issue, to="staff@example.org") == 2
    assert [m.to for m in mail.outbox] == [["staff@example.org"], ["staff@example.org"]]
    assert all(m.subject.startswith("[TEST] ") for m in mail.outbox)
    assert not NewsletterDelivery.objects.exists()
    with pytest.raises(ValidationError):
        services.newsletter_test_send(issue=issue, to="")


def test_an_issue_needs_a_whole_version_and_cannot_change_once_sent(people, start):
    with pytest.raises(ValidationError):
        NewsletterIssue(subject_ko="제목만").full_clean()
    with pytest.raises(ValidationError):
        NewsletterIssue().full_clean()
    issue = issue_make(subject_en="", body_en="")
    issue.full_clean()
    start(issue)
    issue.refresh_from_db()
    issue.subject_ko = "바뀐 제목"
    with pytest.raises(ValidationError):
        issue.full_clean()


def test_merge_and_forget_me_keep_one_delivery_and_erase_the_address(people, start):
    from candle.supporters.services import supporter_merge

    duplicate = Supporter.objects.create(name="홍길동예시", email="hong2@example.org")
    issue = issue_make()
    start(issue)
    NewsletterDelivery.objects.create(
        issue=issue,
        supporter=duplicate,
        email="hong2@example.org",
        email_normalised="hong2@example.org",
        language="ko",
    )
    supporter_merge(kept=people["ko"], duplicate=duplicate)
    assert NewsletterDelivery.objects.filter(issue=issue, supporter=people["ko"]).count() == 1
    NewsletterSuppression.objects.create(email_normalised="hong@example.org", reason="bounced")
    supporter_anonymise(supporter=people["ko"])
    delivery = NewsletterDelivery.objects.get(issue=issue, supporter=people["ko"])
    assert delivery.email == "" and delivery.email_normalised == ""
    assert not NewsletterSuppression.objects.filter(email_normalised="hong@example.org").exists()
