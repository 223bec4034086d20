"""Production: fails loudly when a secret is missing or a development convenience is on;
HTTPS everywhere.

The site refuses to start (ImproperlyConfigured when these settings are imported, so under
granian, ``manage.py`` and any other entry point alike) with: the test payment provider on
(anyone could "pay" without paying), its committed secret used for a real provider, field keys
that would be created automatically or are missing, or a mail backend that delivers nothing.
docs/deployment.md lists every variable production needs.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CANDLE_ANYMAIL_PROVIDER,
    CANDLE_BASE_URL,
    CANDLE_EMAIL_DELIVERY_BACKEND,
    CANDLE_FIELD_KEY_AUTOCREATE,
    CANDLE_FIELD_KEY_FILE,
    CANDLE_FIELD_KEYS,
    CANDLE_TEST_PROVIDER_ENABLED,
    EMAIL_USE_SSL,
    EMAIL_USE_TLS,
    SECRET_KEY,
    TEST_PROVIDER_COMMITTED_SECRET,
    _env_bool,
)

# Django's own rule for a key that is not random (its deploy check W009), made a refusal: a
# generated development key ("django-insecure-…") or one of a few repeated characters.
if (
    not SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "CANDLE_SECRET_KEY must be set to a random string of 50+ characters (not a generated "
        "development key starting with django-insecure-, nor a few characters repeated)."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CANDLE_ALLOWED_HOSTS must name the site's host names.")


# --- What production refuses to start with ------------------------------------------------------
_LOCAL_MAIL_BACKENDS = {"console", "locmem", "filebased", "dummy"}


def _field_key_problems() -> list[str]:
    # the rule lives with the keys (candle.core.encryption.keys), which imports no model
    from candle.core.encryption.keys import field_key_problems

    return field_key_problems(
        keys=CANDLE_FIELD_KEYS,
        key_file=CANDLE_FIELD_KEY_FILE,
        autocreate=CANDLE_FIELD_KEY_AUTOCREATE,
    )


def _delivery_problems() -> list[str]:
    """The backend that really sends (the outbox hands every message to it,
    candle.operations.mail): CANDLE_EMAIL_DELIVERY_BACKEND, else anymail's backend for
    CANDLE_ANYMAIL_PROVIDER, else CANDLE_EMAIL_BACKEND. It must deliver, and exist."""
    import importlib.util
    import os

    path = CANDLE_EMAIL_DELIVERY_BACKEND
    if os.environ.get("CANDLE_EMAIL_DELIVERY_BACKEND"):
        name = "CANDLE_EMAIL_DELIVERY_BACKEND"
    elif CANDLE_ANYMAIL_PROVIDER:
        name = "CANDLE_ANYMAIL_PROVIDER"
    else:
        name = "CANDLE_EMAIL_BACKEND"
    module = path.rsplit(".", 1)[0]
    if module.rsplit(".", 1)[-1] in _LOCAL_MAIL_BACKENDS:
        return [
            f"{name} is {path}, which delivers no mail. Set CANDLE_EMAIL_BACKEND to "
            "django.core.mail.backends.smtp.EmailBackend (with CANDLE_EMAIL_HOST, …) or "
            "CANDLE_ANYMAIL_PROVIDER (with its keys)."
        ]
    if path == "candle.operations.mail.OutboxBackend":
        return [f"{name} is the outbox itself: name the backend that sends."]
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        return [f"{name}: there is no mail backend {path}."]
    return []


def _unsafe_settings() -> list[str]:
    problems = []
    if CANDLE_TEST_PROVIDER_ENABLED:
        problems.append(
            "CANDLE_TEST_PROVIDER_ENABLED is on (the development default): anyone could "
            "record a gift on /give/test-checkout/ without paying. Set "
            "CANDLE_TEST_PROVIDER_ENABLED=0."
        )
    # A real provider's secrets (settings/integrations/, present when the provider is on).
    for name in ("CANDLE_PORTONE_WEBHOOK_SECRET", "CANDLE_PORTONE_API_SECRET"):
        if str(globals().get(name, "")).strip() == TEST_PROVIDER_COMMITTED_SECRET:
            problems.append(
                f"{name} is the test provider's secret, which is public in the repository."
            )
    problems += _field_key_problems()
    problems += _delivery_problems()
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        problems.append("CANDLE_EMAIL_USE_TLS and CANDLE_EMAIL_USE_SSL are both on: choose one.")
    return problems


if _problems := _unsafe_settings():
    raise ImproperlyConfigured(
        "Production settings refused (docs/deployment.md lists what production needs):\n- "
        + "\n- ".join(_problems)
    )
# ---------------------------------------------------------------------------------------------

DEBUG = False
# Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("CANDLE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = _env_bool("CANDLE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = [CANDLE_BASE_URL] if CANDLE_BASE_URL.startswith("https://") else []

# Keep each worker's database connection between requests (SQLite as well as PostgreSQL):
# opening one per request cost about a tenth of an uncached page. Checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Background work runs in a separate process (`manage.py db_worker`, docs/deployment.md), never
# inside the request: the public forms answer alike for every address (issue 20, item 10), and a
# mail server or CDN that is slow or down delays its task, not the reader. A task waits in the
# database until a worker takes it; a worker that dies mid-task leaves it "running", never run twice.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail is stored in the outbox in the sender's transaction and delivered by the worker through
# CANDLE_EMAIL_DELIVERY_BACKEND, with retries (candle.operations.mail, docs/subsystems/operations.md).
EMAIL_BACKEND = "candle.operations.mail.OutboxBackend"
