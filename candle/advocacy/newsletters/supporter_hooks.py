"""What supporters' merge and "forget me" do to newsletter rows."""

from __future__ import annotations

from candle.advocacy.models import NewsletterDelivery, NewsletterSuppression
from candle.audit.rows import rows_update


def newsletters_merge(*, kept, duplicate) -> None:
    """One delivery per person per issue: the duplicate's rows for issues the kept supporter
    also received are dropped before the rest move to the kept record."""
    issues = NewsletterDelivery.objects.filter(supporter=kept).values("issue_id")
    NewsletterDelivery.objects.filter(supporter=duplicate, issue_id__in=issues).delete()


def newsletters_forget(*, supporter) -> None:
    """Erase the address kept on each delivery and any suppression of it. The rows stay (how
    many received an issue), pointing at the anonymised supporter."""
    keys = set(
        NewsletterDelivery.objects.filter(supporter=supporter)
        .exclude(email_normalised="")
        .values_list("email_normalised", flat=True)
    )
    if supporter.email_normalised:
        keys.add(supporter.email_normalised)
    NewsletterSuppression.objects.filter(email_normalised__in=keys).delete()
    rows_update(
        NewsletterDelivery.objects.filter(supporter=supporter),
        {"email": "", "email_normalised": ""},
        detail="forget",
    )
