"""Production refuses to start with a development convenience on (issue 20, item 3).

Each case imports ``candle.settings.production`` in a fresh interpreter with a controlled
environment: the safe environment imports; one unsafe value makes the import raise
ImproperlyConfigured naming the variable to fix.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
COMMITTED_SECRET = "whsec_Y2FuZGxlLXRlc3QtcHJvdmlkZXI="  # noqa: S105 - the public test secret
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _safe_environment(tmp_path: Path) -> dict[str, str]:
    return {
        "CANDLE_SECRET_KEY": secrets.token_urlsafe(60),
        "CANDLE_ALLOWED_HOSTS": "candle.example",
        "CANDLE_BASE_URL": "https://candle.example",
        "CANDLE_VAR_DIR": str(tmp_path / "var"),
        "CANDLE_FIELD_KEYS": Fernet.generate_key().decode(),
        "CANDLE_FIELD_KEY_AUTOCREATE": "0",
        "CANDLE_TEST_PROVIDER_ENABLED": "0",
        "CANDLE_EMAIL_BACKEND": SMTP,
    }


def _run(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CANDLE_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="candle.settings.production")
    return subprocess.run(  # noqa: S603 - our own settings, in this interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _import(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return _run("import candle.settings.production", environment)


def test_production_settings_import_with_safe_values(tmp_path):
    result = _import(_safe_environment(tmp_path))
    assert result.returncode == 0, result.stderr


def test_an_existing_private_key_file_is_accepted(tmp_path):
    key_file = tmp_path / "field-keys"
    key_file.write_text(Fernet.generate_key().decode() + "\n")
    key_file.chmod(0o600)
    environment = _safe_environment(tmp_path)
    environment.update(CANDLE_FIELD_KEYS="", CANDLE_FIELD_KEY_FILE=str(key_file))
    result = _import(environment)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("change", "named"),
    [
        # A secret key that is not random: a generated development key, a repeated character.
        ({"CANDLE_SECRET_KEY": "django-insecure-" + "k3y-" * 12}, "CANDLE_SECRET_KEY"),
        ({"CANDLE_SECRET_KEY": "x" * 60}, "CANDLE_SECRET_KEY"),
        ({"CANDLE_SECRET_KEY": "short-but-random-Q9z"}, "CANDLE_SECRET_KEY"),
        # The development defaults, when production leaves them unset.
        ({"CANDLE_TEST_PROVIDER_ENABLED": None}, "CANDLE_TEST_PROVIDER_ENABLED"),
        ({"CANDLE_TEST_PROVIDER_ENABLED": "1"}, "CANDLE_TEST_PROVIDER_ENABLED"),
        ({"CANDLE_FIELD_KEY_AUTOCREATE": None}, "CANDLE_FIELD_KEY_AUTOCREATE"),
        ({"CANDLE_FIELD_KEY_AUTOCREATE": "1"}, "CANDLE_FIELD_KEY_AUTOCREATE"),
        ({"CANDLE_EMAIL_BACKEND": None}, "CANDLE_EMAIL_BACKEND"),
        (
            {"CANDLE_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "CANDLE_EMAIL_BACKEND",
        ),
        (
            {"CANDLE_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
            "CANDLE_EMAIL_BACKEND",
        ),
        (
            {"CANDLE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "CANDLE_EMAIL_BACKEND",
        ),
        (
            {"CANDLE_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"},
            "CANDLE_EMAIL_BACKEND",
        ),
        ({"CANDLE_EMAIL_USE_TLS": "1", "CANDLE_EMAIL_USE_SSL": "1"}, "CANDLE_EMAIL_USE_TLS"),
        # Missing keys: none given, and a key file that does not exist (never created here).
        ({"CANDLE_FIELD_KEYS": None}, "CANDLE_FIELD_KEY_FILE"),
        (
            {"CANDLE_FIELD_KEYS": "", "CANDLE_FIELD_KEY_FILE": "/nonexistent/field-keys"},
            "CANDLE_FIELD_KEY_FILE",
        ),
        ({"CANDLE_FIELD_KEYS": "not-a-fernet-key"}, "CANDLE_FIELD_KEYS"),
        # The test provider's committed secret used for a real provider.
        (
            {
                "CANDLE_USE_PORTONE": "1",
                "CANDLE_PORTONE_API_SECRET": "api-secret",
                "CANDLE_PORTONE_WEBHOOK_SECRET": COMMITTED_SECRET,
                "CANDLE_PORTONE_STORE_ID": "store-1",
                "CANDLE_PORTONE_CHANNEL_KEY": "channel-key-1",
            },
            "CANDLE_PORTONE_WEBHOOK_SECRET",
        ),
    ],
)
def test_production_refuses_an_unsafe_value(tmp_path, change, named):
    environment = _safe_environment(tmp_path)
    for name, value in change.items():
        if value is None:
            environment.pop(name)
        else:
            environment[name] = value
    result = _import(environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr
    assert not (tmp_path / "var" / "field-keys").exists()  # nothing was created to make do


def test_a_world_readable_key_file_is_refused(tmp_path):
    key_file = tmp_path / "field-keys"
    key_file.write_text(Fernet.generate_key().decode() + "\n")
    key_file.chmod(0o644)
    environment = _safe_environment(tmp_path)
    environment.update(CANDLE_FIELD_KEYS="", CANDLE_FIELD_KEY_FILE=str(key_file))
    result = _import(environment)
    assert result.returncode != 0
    assert "CANDLE_FIELD_KEY_FILE" in result.stderr and "chmod 600" in result.stderr


def test_an_unreadable_key_file_is_refused_by_name(tmp_path):
    key_file = tmp_path / "field-keys"
    key_file.write_bytes(b"\xff\xfe not text")
    key_file.chmod(0o600)
    environment = _safe_environment(tmp_path)
    environment.update(CANDLE_FIELD_KEYS="", CANDLE_FIELD_KEY_FILE=str(key_file))
    result = _import(environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "cannot be read" in result.stderr


def test_the_key_is_never_printed(tmp_path):
    environment = _safe_environment(tmp_path)
    environment["CANDLE_FIELD_KEYS"] = "secret-looking-but-invalid-key-value"
    result = _import(environment)
    assert result.returncode != 0
    assert "secret-looking-but-invalid-key-value" not in result.stderr


def test_the_test_checkout_has_no_address_in_production(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.urls import NoReverseMatch, resolve, reverse\n"
        "try:\n"
        "    reverse('giving:test_checkout', kwargs={'payment_id': "
        "'00000000-0000-0000-0000-000000000000'})\n"
        "except NoReverseMatch:\n"
        "    print('no reverse')\n"
        "match = resolve('/ko/give/test-checkout/00000000-0000-0000-0000-000000000000/')\n"
        "print('resolved', match.url_name)\n"
        "print('donate', reverse('giving:donate'))\n"
    )
    result = _run(code, _safe_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no reverse" in result.stdout
    assert "resolved test_checkout" not in result.stdout  # only Wagtail's page route is left
    assert "donate /ko/give/donate/" in result.stdout


@pytest.mark.django_db
def test_the_test_checkout_is_routed_where_the_test_provider_is_on(client):
    # The test settings keep the provider on: the page exists (an unknown payment is a 404).
    from django.urls import resolve
    from django.utils import translation

    with translation.override("ko"):  # i18n_patterns resolve the active language's prefix only
        match = resolve("/ko/give/test-checkout/00000000-0000-0000-0000-000000000000/")
    assert match.url_name == "test_checkout"
