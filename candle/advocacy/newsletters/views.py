"""Public newsletter pages: the archive of sent issues (list and issue, in each language,
cacheable, no personal data) and the unsubscribe link.

The unsubscribe view takes the signed token from the mail (``mail.unsubscribe_token``). GET
shows a button in the link's language; POST withdraws the newsletter consent. POST needs no
CSRF token and no session: mail clients send the RFC 8058 one-click POST
(``List-Unsubscribe=One-Click``) by themselves, and the token alone says whose consent it is
(a forged request could only do what the token's holder may do anyway). Never cached.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import mail, selectors, services


def _language() -> str:
    return "en" if (translation.get_language() or "ko").startswith("en") else "ko"


def _alternates(name: str, languages, **kwargs) -> list[tuple[str, str]]:
    from django.urls import reverse

    found = []
    for code in languages:
        with translation.override(code):
            found.append((code, mail.absolute(reverse(name, kwargs=kwargs))))
    return found


@require_GET
def newsletter_archive(request: HttpRequest) -> HttpResponse:
    language = _language()
    issues = [
        {
            "id": issue.pk,
            "subject": issue.subject(language),
            "date": issue.sending_started_at,
        }
        for issue in selectors.newsletter_archive(language=language)[:500]
    ]
    alternates = _alternates("newsletter_archive", ("ko", "en"))
    return render(
        request,
        "advocacy/newsletters/archive.html",
        {"issues": issues, "alternates": alternates, "canonical": dict(alternates)[language]},
    )


@require_GET
def newsletter_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    language = _language()
    issue = selectors.newsletter_archive_issue(language=language, issue_id=issue_id)
    if issue is None:
        raise Http404
    alternates = _alternates("newsletter_issue", issue.languages, issue_id=issue.pk)
    return render(
        request,
        "advocacy/newsletters/issue.html",
        {
            "issue": issue,
            "subject": issue.subject(language),
            "body": mail.body_html(issue, language),
            "date": issue.sending_started_at,
            "alternates": alternates,
            "canonical": dict(alternates)[language],
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = mail.unsubscribe_token_read(token)
    if found is None:
        return render(request, "advocacy/newsletters/unsubscribe_invalid.html", status=400)
    supporter_id, issue_id = found
    if request.method != "POST":
        return render(request, "advocacy/newsletters/unsubscribe.html", {"token": token})
    if not services.newsletter_unsubscribe(supporter_id=supporter_id, issue_id=issue_id):
        return render(request, "advocacy/newsletters/unsubscribe_invalid.html", status=400)
    return render(request, "advocacy/newsletters/unsubscribe_done.html")
