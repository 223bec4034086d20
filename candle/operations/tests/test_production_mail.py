"""Production mail: the outbox in front of the real backend, anymail by settings alone, and
the refusal of a delivery backend that delivers nothing (issue 26, "Mail")."""

import json

import pytest

from candle.core.tests.test_production_settings import _run, _safe_environment

SHOW = (
    "import json; from django.conf import settings; print(json.dumps([settings.EMAIL_BACKEND, "
    "settings.CANDLE_EMAIL_DELIVERY_BACKEND, settings.ANYMAIL]))"
)


def test_production_stores_mail_in_the_outbox_and_delivers_by_smtp(tmp_path):
    result = _run(SHOW, _safe_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "candle.operations.mail.OutboxBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        {},
    ]


def test_any_anymail_provider_by_settings_alone(tmp_path):
    environment = _safe_environment(tmp_path)
    del environment["CANDLE_EMAIL_BACKEND"]  # no SMTP at all
    environment.update(
        CANDLE_ANYMAIL_PROVIDER="mailgun",
        CANDLE_ANYMAIL_MAILGUN_API_KEY="key-example",
        CANDLE_ANYMAIL_MAILGUN_SENDER_DOMAIN="mg.candle.example",
    )
    result = _run(SHOW, environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "candle.operations.mail.OutboxBackend",
        "anymail.backends.mailgun.EmailBackend",
        {"MAILGUN_API_KEY": "key-example", "MAILGUN_SENDER_DOMAIN": "mg.candle.example"},
    ]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            {"CANDLE_EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "CANDLE_EMAIL_DELIVERY_BACKEND",
        ),
        (
            {"CANDLE_EMAIL_DELIVERY_BACKEND": "candle.operations.mail.OutboxBackend"},
            "the outbox itself",
        ),
        ({"CANDLE_ANYMAIL_PROVIDER": "nosuchprovider"}, "CANDLE_ANYMAIL_PROVIDER"),
        ({"CANDLE_ANYMAIL_PROVIDER": "../etc"}, "CANDLE_ANYMAIL_PROVIDER"),
        ({"CANDLE_EMAIL_BACKEND": None}, "CANDLE_EMAIL_BACKEND"),
    ],
)
def test_production_refuses_a_delivery_backend_that_delivers_nothing(tmp_path, change, named):
    environment = _safe_environment(tmp_path)
    for name, value in change.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    result = _run("import candle.settings.production", environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr
