"""The Content Security Policy (candle.core.csp): strict on the public site, framable by the
admin only for previews, and a policy of its own for the Wagtail admin."""

import re

import pytest
from django.urls import reverse

from candle.pages.services import post_create


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def admin_client(client, django_user_model, site_tree):
    user = django_user_model.objects.create_superuser("chief", password="x-chief-pass-1")
    client.force_login(user)
    return client


@pytest.fixture
def draft_post(site_tree):
    return post_create(
        board=site_tree["ko"].boards["news"],
        title="미리보기 초안",
        body_html="<p>초안</p>",
        publish=False,
    )


@pytest.mark.django_db
def test_a_public_page_may_be_framed_by_nobody(client, site_tree):
    response = client.get("/ko/")
    assert _directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_preview_may_be_framed_by_the_admins_own_origin_only(admin_client, draft_post):
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[draft_post.pk]))
    assert response.status_code == 200
    assert "미리보기 초안" in response.content.decode()
    directives = _directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Otherwise the public page's strict policy
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_the_reviewers_workflow_preview_may_be_framed_by_the_admin(admin_client, draft_post):
    from django.contrib.auth import get_user_model

    from candle.pages.workflow import workflow_setup

    workflow_setup()
    writer = get_user_model().objects.get(username="chief")
    task = draft_post.get_workflow().start(draft_post, writer).current_task_state.task
    response = admin_client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[draft_post.pk, task.pk])
    )
    assert response.status_code == 200
    assert _directives(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["dashboard", "page editor"])
def test_the_admin_has_a_policy_of_its_own_that_its_pages_load_under(
    where, admin_client, draft_post
):
    url = (
        reverse("wagtailadmin_home")
        if where == "dashboard"
        else reverse("wagtailadmin_pages:edit", args=[draft_post.pk])
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'self'" in directives["frame-src"]  # the live preview panel
    for name in ("script-src", "style-src", "img-src", "connect-src", "font-src"):
        assert "'self'" in directives[name]
        assert "*" not in directives[name] and "https:" not in directives[name]
    assert "'unsafe-eval'" not in directives["script-src"]
    # Everything the page loads is the admin's own static, on its own origin ('self').
    html = response.content.decode()
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(
        r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html
    )
    assert loaded
    for address in loaded:
        assert address.startswith("/") and not address.startswith("//"), address


@pytest.mark.django_db
def test_the_admin_sign_in_page_has_the_admins_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert _directives(response)["default-src"] == ["'self'"]
    assert _directives(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ko/", "/ko/news/", "/en/news/?page=2", "/ko/no-such-page/"])
def test_a_public_responses_headers_are_django_csps_and_the_security_middlewares(
    client, site_tree, path
):
    """Pinned for an anonymous reader's page and a 404: the policy is what django-csp builds
    from the settings (built once per process now, ``CandleCSPMiddleware._public_policies``),
    with every other security header, and no cookie."""
    from csp.utils import build_policy

    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Language"] == path[1:3]
    assert "Cookie" not in response.get("Vary", "")  # nothing read the session
    assert not response.cookies


@pytest.mark.django_db
def test_changed_policy_settings_are_followed(client, site_tree, settings):
    """The policies built once are built again when the settings change (a test's override),
    the report-only policy and excluded prefixes included, as django-csp would."""
    from csp.utils import build_policy

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'", "example.org"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'none'"]},
        "EXCLUDE_URL_PREFIXES": ["/en/"],
    }
    ko = client.get("/ko/")
    assert ko["Content-Security-Policy"] == build_policy() == "default-src 'self' example.org"
    assert ko["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    en = client.get("/en/")
    assert en["Content-Security-Policy"] == "default-src 'self' example.org"
    assert "Content-Security-Policy-Report-Only" not in en


@pytest.mark.django_db
def test_a_page_asking_for_a_nonce_gets_it_in_its_policy(rf, settings):
    """A nonce asked for while the page renders goes into that response's policy (django-csp's
    own path), and asking for it after the header is written fails loudly."""
    from csp.constants import NONCE
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    from candle.core.csp import CandleCSPMiddleware

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = rf.get("/ko/")
    response = CandleCSPMiddleware(view)(request)
    assert f"'nonce-{request.csp_nonce}'" in response["Content-Security-Policy"]
    plain = rf.get("/ko/")
    CandleCSPMiddleware(lambda request: HttpResponse("x"))(plain)
    with pytest.raises(CSPNonceError):
        str(plain.csp_nonce)
