"""Test settings: fast hasher, local-memory cache, plain static files, tasks run at once."""

import os

from .base import *  # noqa: F403
from .base import CANDLE_VAR_DIR

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CANDLE_PAGE_CACHE_ENABLED = False  # a page cached by one test must not leak into the next; candle.caching's tests turn it on
CANDLE_DATA_CACHE_ENABLED = False  # likewise for menus and footer links
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("CANDLE_TEST_MEDIA_ROOT", str(CANDLE_VAR_DIR / "test-media"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CANDLE_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = CANDLE_BASE_URL
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A model with encrypted fields for candle/core/tests/test_encryption*.py (no migrations).
INSTALLED_APPS = [*INSTALLED_APPS, "candle.core.tests.encrypted_sample"]  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # pytest-django empties the database between transactional tests with TRUNCATE, which the
    # audit log's trigger refuses unless the session allows it (candle/audit/migrations/0002).
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c candle.audit_allow_truncate=on".strip()
CANDLE_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # the outbox, where a test uses it, delivers here
# Newsletters: Postmark's tracking webhook exists (tests post bounces to it; mail itself stays in
# the local-memory outbox above) and batches do not wait.
CANDLE_ANYMAIL_PROVIDER = "postmark"
ANYMAIL = {**ANYMAIL, "WEBHOOK_SECRET": "test-hook:not-secret"}  # noqa: F405
CANDLE_NEWSLETTER_BATCH_PAUSE_SECONDS = 0
