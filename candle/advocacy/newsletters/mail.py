"""One newsletter mail: HTML and plain text in the reader's language, with the per-recipient
unsubscribe link in the body and in the ``List-Unsubscribe`` headers (RFC 2369, one-click per
RFC 8058). Builds messages only; sending and bookkeeping are in ``services``.

The unsubscribe token is the recipient's supporter id and the issue's id, signed with the site's
secret (``django.core.signing``, its own salt): it cannot be guessed or changed, needs no row of
its own and does not expire (an old issue's link still works).
"""

from __future__ import annotations

import html
import re
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.rich_text import expand_db_html

from candle.advocacy.models import NewsletterIssue

TOKEN_SALT = "candle.advocacy.newsletter.unsubscribe"  # noqa: S105 - a salt, not a secret


def unsubscribe_token(*, supporter_id: int, issue_id: int) -> str:
    return signing.dumps([supporter_id, issue_id], salt=TOKEN_SALT, compress=False)


def unsubscribe_token_read(token: str) -> tuple[int, int] | None:
    """(supporter id, issue id) of a genuine token, else None (forged, cut or malformed)."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        return value[0], value[1]
    return None


def absolute(path: str) -> str:
    return settings.CANDLE_BASE_URL + path


def unsubscribe_url(*, token: str, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("newsletter_unsubscribe", kwargs={"token": token}))


def issue_url(*, issue: NewsletterIssue, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("newsletter_issue", kwargs={"issue_id": issue.pk}))


def unsubscribe_mailto(*, token: str) -> str:
    address = getattr(settings, "CANDLE_NEWSLETTER_UNSUBSCRIBE_MAILTO", "") or ""
    if not address:
        sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        address = "unsubscribe@" + (sender.rpartition("@")[2] or "localhost")
    return f"mailto:{address}?subject=unsubscribe%20{token}"


_HREF = re.compile(r'(href|src)="(/[^"]*)"')


def body_html(issue: NewsletterIssue, language: str) -> str:
    """The issue's rich text as mail HTML: internal links expanded, every address absolute."""
    expanded = expand_db_html(issue.body(language))
    return _HREF.sub(lambda m: f'{m.group(1)}="{absolute(m.group(2))}"', expanded)


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|blockquote)>|<br\s*/?>|<hr\s*/?>", re.I)
_LINK = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def body_text(issue: NewsletterIssue, language: str) -> str:
    """The plain-text version: paragraphs kept, links written out after their words."""
    markup = body_html(issue, language)
    markup = re.sub(r"<li[^>]*>", "- ", markup, flags=re.I)
    markup = _LINK.sub(lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", markup)
    markup = _BLOCK_END.sub("\n\n", markup)
    text = html.unescape(_TAG.sub("", markup))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def newsletter_message(
    *,
    issue: NewsletterIssue,
    language: str,
    to: str,
    supporter_id: int | None,
    test: bool = False,
    connection=None,
) -> EmailMultiAlternatives:
    """The mail for one recipient. ``supporter_id`` None (a test to oneself) gives a link that
    shows the unsubscribe page without unsubscribing anyone (token for supporter 0 is refused)."""
    token = unsubscribe_token(supporter_id=supporter_id or 0, issue_id=issue.pk or 0)
    context = {
        "issue": issue,
        "language": language,
        "subject": issue.subject(language),
        "body_html": body_html(issue, language),
        "body_text": body_text(issue, language),
        "unsubscribe_url": unsubscribe_url(token=token, language=language),
        "issue_url": issue_url(issue=issue, language=language) if issue.pk else "",
        "test": test,
    }
    with translation.override(language):
        subject = issue.subject(language)
        if test:
            subject = "[TEST] " + subject
        text = render_to_string("advocacy/newsletters/email/issue.txt", context)
        markup = render_to_string("advocacy/newsletters/email/issue.html", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_mailto(token=token)}>, <{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<newsletter.{_list_domain()}>",
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
        "Content-Language": language,
    }
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers, connection=connection
    )
    message.attach_alternative(markup, "text/html")
    # anymail providers: group the issue's events and let webhooks name the issue
    message.tags = [f"newsletter-{issue.pk}"]
    message.metadata = {"newsletter_issue": str(issue.pk)}
    return message


def _list_domain() -> str:
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return sender.rpartition("@")[2] or "localhost"
