"""Reads for newsletters: who an issue goes to, and the issues the public archive shows."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from candle.advocacy.models import NewsletterIssue, NewsletterSuppression
from candle.supporters.models import Consent, Membership, Supporter


def newsletter_consent_active() -> Exists:
    return Exists(
        Consent.objects.filter(
            supporter=OuterRef("pk"),
            purpose=Consent.Purpose.NEWSLETTER,
            withdrawn_at__isnull=True,
        )
    )


def newsletter_recipients(*, issue: NewsletterIssue) -> QuerySet[Supporter]:
    """Supporters in the issue's segment: an address, not forgotten, an active newsletter
    consent in the ledger, not suppressed; then the segment's language, tags and membership.
    Ordered by key; two records sharing one address are one recipient (``services``)."""
    qs = (
        Supporter.objects.filter(anonymised_at__isnull=True)
        .exclude(email_normalised="")
        .filter(newsletter_consent_active())
        .exclude(email_normalised__in=NewsletterSuppression.objects.values("email_normalised"))
    )
    if issue.segment_language in (
        NewsletterIssue.SegmentLanguage.KO,
        NewsletterIssue.SegmentLanguage.EN,
    ):
        qs = qs.filter(preferred_language=issue.segment_language)
    if issue.tag_names:
        qs = qs.filter(
            Exists(
                Supporter.tags.through.objects.filter(
                    content_object=OuterRef("pk"), tag__name__in=issue.tag_names
                )
            )
        )
    if issue.segment_members_only:
        qs = qs.filter(
            Exists(
                Membership.objects.filter(supporter=OuterRef("pk"), status=Membership.Status.ACTIVE)
            )
        )
    return qs.order_by("pk")


def newsletter_recipients_summary(*, issue: NewsletterIssue) -> dict[str, int]:
    """How many would receive the issue, by the language they would read it in."""
    summary = {"ko": 0, "en": 0}
    seen: set[str] = set()
    for email, preferred in newsletter_recipients(issue=issue).values_list(
        "email_normalised", "preferred_language"
    ):
        if email in seen:
            continue
        seen.add(email)
        summary[issue.language_for(preferred)] += 1
    return summary


def newsletter_archive(*, language: str) -> QuerySet[NewsletterIssue]:
    """Sent issues the website shows in this language (those written in it), newest first."""
    qs = NewsletterIssue.objects.filter(
        show_in_archive=True,
        status__in=[NewsletterIssue.Status.SENDING, NewsletterIssue.Status.SENT],
    ).exclude(**{f"subject_{language}": ""})
    return qs.order_by("-sending_started_at", "-pk").only(
        "pk", f"subject_{language}", "sending_started_at", "status", "show_in_archive"
    )


def newsletter_archive_issue(*, language: str, issue_id: int) -> NewsletterIssue | None:
    qs = NewsletterIssue.objects.filter(
        pk=issue_id,
        show_in_archive=True,
        status__in=[NewsletterIssue.Status.SENDING, NewsletterIssue.Status.SENT],
    ).exclude(**{f"subject_{language}": ""})
    return qs.first()
