"""Production: fails loudly when a secret is missing; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CANDLE_BASE_URL, SECRET_KEY, _env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "CANDLE_SECRET_KEY must be set to a random string of 50+ characters."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CANDLE_ALLOWED_HOSTS must name the site's host names.")

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
