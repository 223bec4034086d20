"""Security from day one: deploy checks, headers, password hashing, admin lockout."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CANDLE_", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="candle.settings.production", **env)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_environment() -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        "CANDLE_SECRET_KEY": secrets.token_urlsafe(60),
        "CANDLE_ALLOWED_HOSTS": "candle.example",
        "CANDLE_BASE_URL": "https://candle.example",
        "CANDLE_FIELD_KEYS": Fernet.generate_key().decode(),
        "CANDLE_FIELD_KEY_AUTOCREATE": "0",
        "CANDLE_TEST_PROVIDER_ENABLED": "0",
        "CANDLE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }


def test_deploy_checks_pass_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_flag_the_test_payment_provider_and_missing_field_keys(settings):
    # Production settings refuse these outright (test_production_settings.py); the deploy
    # checks still name them for any other settings module run with --deploy.
    from django.core.checks import run_checks

    settings.CANDLE_TEST_PROVIDER_ENABLED = True
    settings.CANDLE_FIELD_KEYS = ""
    settings.CANDLE_FIELD_KEY_AUTOCREATE = True
    checks = run_checks(include_deployment_checks=True, tags=["giving", "core"])
    assert {"core.E001", "giving.W001"} <= {problem.id for problem in checks}


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "CANDLE_SECRET_KEY" in result.stderr


def test_passwords_are_hashed_with_argon2_outside_tests():
    from candle.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, site_tree):
    response = client.get("/ko/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_admin_sign_in_locks_after_five_failures(client, django_user_model):
    django_user_model.objects.create_user("staffer", password="the-right-password-1", is_staff=True)
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "staffer", "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code in (200, 403, 429)
    locked = client.post(
        "/admin/login/",
        {"username": "staffer", "password": "the-right-password-1"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by someone else's guesses.
    other = client.post(
        "/admin/login/",
        {"username": "staffer", "password": "the-right-password-1"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 302
    assert "_auth_user_id" in client.session
