"""Local development: the embedded defaults (SQLite under var/, local-memory cache)."""

import os

from .base import *  # noqa: F403
from .base import CANDLE_VAR_DIR, SECRET_KEY, _env_bool

# On unless CANDLE_DEBUG=0: `make demo` turns it off, so a reader of the demo meets the site's
# own 404 and 500 pages, not Django's debug pages (which also show the settings and the URLs).
DEBUG = _env_bool("CANDLE_DEBUG", True)
# Uploaded images and files served by Django itself, with or without DEBUG (production: nginx).
CANDLE_SERVE_MEDIA = True
if not SECRET_KEY:
    # A development key kept on this machine only, so sessions survive restarts.
    _key_file = CANDLE_VAR_DIR / "dev-secret-key"
    if not _key_file.exists():
        import secrets

        _key_file.parent.mkdir(mode=0o711, parents=True, exist_ok=True)
        _descriptor = os.open(_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(_descriptor, "w") as _handle:
            _handle.write(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
