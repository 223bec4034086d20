"""Settings shared by every environment.

Every environment variable Candle reads is declared once, in the block below, with its type
and default. Security values have no usable default: ``production.py`` refuses to start
without them. Integrations (payments, e-mail, storage) live in ``settings/integrations/``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = BASE_DIR / "candle"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more (got {value!r}).")
    return int(value)


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Environment: every variable, once -------------------------------------------------------
CANDLE_VAR_DIR = Path(os.environ.get("CANDLE_VAR_DIR", BASE_DIR / "var"))
SECRET_KEY = os.environ.get("CANDLE_SECRET_KEY", "")  # required in production
DEBUG = _env_bool("CANDLE_DEBUG", False)
ALLOWED_HOSTS = _env_list("CANDLE_ALLOWED_HOSTS", "127.0.0.1,localhost")
CANDLE_BASE_URL = os.environ.get("CANDLE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{CANDLE_VAR_DIR / 'candle.sqlite3'}")
REDIS_URL = os.environ.get("REDIS_URL", "")  # empty: local-memory cache
MEDIA_ROOT = os.environ.get("CANDLE_MEDIA_ROOT", str(CANDLE_VAR_DIR / "media"))
STATIC_ROOT = os.environ.get("CANDLE_STATIC_ROOT", str(CANDLE_VAR_DIR / "static"))
CANDLE_LOG_LEVEL = os.environ.get("CANDLE_LOG_LEVEL", "INFO").upper()  # "warning" works too
DEFAULT_FROM_EMAIL = os.environ.get("CANDLE_FROM_EMAIL", "Candle <noreply@candle.example>")
# Mail: the console in development; production refuses a backend that delivers nothing
# (console, locmem, filebased, dummy) and sends by SMTP with the values below.
EMAIL_BACKEND = os.environ.get(
    "CANDLE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("CANDLE_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("CANDLE_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("CANDLE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CANDLE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("CANDLE_EMAIL_USE_TLS", False)  # STARTTLS (port 587)
EMAIL_USE_SSL = _env_bool("CANDLE_EMAIL_USE_SSL", False)  # TLS from the start (port 465)
EMAIL_TIMEOUT = 20
# --- Mail delivery: the outbox and django-anymail (candle.operations; issue 26, fix/opsworker) ---
# Production's EMAIL_BACKEND is the outbox (candle.operations.mail.OutboxBackend: stored, then
# delivered by the worker with retries). It delivers through CANDLE_EMAIL_DELIVERY_BACKEND; by
# default django-anymail's backend for CANDLE_ANYMAIL_PROVIDER (amazon_ses, brevo, mailgun,
# mailjet, postmark, sendgrid, … : anymail's module name) when set, else CANDLE_EMAIL_BACKEND.
# The provider's settings are the CANDLE_ANYMAIL_<NAME> variables, given to anymail as <NAME>
# (CANDLE_ANYMAIL_MAILGUN_API_KEY -> ANYMAIL["MAILGUN_API_KEY"]).
CANDLE_ANYMAIL_PROVIDER = os.environ.get("CANDLE_ANYMAIL_PROVIDER", "").strip().lower()
if CANDLE_ANYMAIL_PROVIDER and not CANDLE_ANYMAIL_PROVIDER.replace("_", "").isalnum():
    raise ImproperlyConfigured("CANDLE_ANYMAIL_PROVIDER must be an anymail backend's module name.")
ANYMAIL = {
    name.removeprefix("CANDLE_ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("CANDLE_ANYMAIL_") and name != "CANDLE_ANYMAIL_PROVIDER"
}
CANDLE_EMAIL_DELIVERY_BACKEND = os.environ.get("CANDLE_EMAIL_DELIVERY_BACKEND", "") or (
    f"anymail.backends.{CANDLE_ANYMAIL_PROVIDER}.EmailBackend"
    if CANDLE_ANYMAIL_PROVIDER
    else EMAIL_BACKEND
)
CANDLE_EMAIL_RETRY_SECONDS = _env_int("CANDLE_EMAIL_RETRY_SECONDS", 60)  # doubled per attempt
CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS = _env_int("CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS", 10)
CANDLE_EMAIL_OUTBOX_KEEP_DAYS = _env_int("CANDLE_EMAIL_OUTBOX_KEEP_DAYS", 7)  # sent mail, then gone
# Addresses of the reverse proxies whose X-Forwarded-For is believed (candle.core.client_address):
# the bundled nginx on this machine. Addresses or networks, comma-separated.
CANDLE_TRUSTED_PROXIES = _env_list("CANDLE_TRUSTED_PROXIES", "127.0.0.1,::1")
CANDLE_PAGE_CACHE_ENABLED = _env_bool(
    "CANDLE_PAGE_CACHE_ENABLED", True
)  # full-page cache for readers
# Data shown on many pages (menu, footer links, a board's years), purged with the page cache
CANDLE_DATA_CACHE_ENABLED = _env_bool("CANDLE_DATA_CACHE_ENABLED", True)
# Ranked search results (ids, scores and the count; candle.search.backends.indexing), kept so
# words asked again are not ranked again; purged with the search pages (every publish, every
# index write). 0 turns it off.
CANDLE_SEARCH_RESULTS_SECONDS = _env_int("CANDLE_SEARCH_RESULTS_SECONDS", 600)
# PostgreSQL: rank from the RUM index when it is there (candle.search.backends.postgres);
# 0 ranks with the GIN statement even then (the fallback of a server without RUM).
CANDLE_SEARCH_RUM = _env_int("CANDLE_SEARCH_RUM", 1) == 1
CANDLE_CDN_PURGE_URL = os.environ.get(
    "CANDLE_CDN_PURGE_URL", ""
)  # HTTP purge endpoint (Varnish, nginx)
CANDLE_CLOUDFLARE_ZONE_ID = os.environ.get("CANDLE_CLOUDFLARE_ZONE_ID", "")  # Cloudflare as the CDN
CANDLE_CLOUDFLARE_TOKEN = os.environ.get("CANDLE_CLOUDFLARE_TOKEN", "")
# Backups (candle.backups): the age public keys (age1…, comma-separated) archives are encrypted to.
CANDLE_BACKUP_RECIPIENT = os.environ.get("CANDLE_BACKUP_RECIPIENT", "")
# Newsletters (candle.advocacy.newsletters; docs/subsystems/newsletters.md). They go out like all
# other mail (the outbox and CANDLE_ANYMAIL_PROVIDER above). The webhook secret ("user:password")
# guards the provider's bounce and complaint webhooks, which exist only when it is set; as a
# CANDLE_ANYMAIL_ variable it reaches anymail as ANYMAIL["WEBHOOK_SECRET"].
CANDLE_ANYMAIL_WEBHOOK_SECRET = os.environ.get("CANDLE_ANYMAIL_WEBHOOK_SECRET", "")
CANDLE_NEWSLETTER_BATCH_SIZE = _env_int("CANDLE_NEWSLETTER_BATCH_SIZE", 100)  # mails per batch
CANDLE_NEWSLETTER_BATCH_PAUSE_MS = _env_int("CANDLE_NEWSLETTER_BATCH_PAUSE_MS", 1000)
CANDLE_NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("CANDLE_NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
# ---------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "candle.core",
    "candle.pages",
    "candle.search",
    "candle.caching",
    "candle.importers",
    "candle.supporters",
    "candle.giving",
    "candle.advocacy",
    "candle.access",
    "candle.audit",
    "candle.casework",
    "candle.backups",
    "candle.operations",
    "candle.programmes",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales with translation status
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "candle.access.users_app.CandleUsersAppConfig",  # wagtail.users, groups shown by role name
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's workflow status says "29 seconds ago" with humanize's naturaltime; the app
    # brings its Korean ("29 초 전"), which Django loads only for installed apps.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "candle.caching.middleware.PageCacheMiddleware",  # before anything that reads the database
    "candle.core.faults.DatabaseFaultMiddleware",  # a lost connection: GET read again, else 503
    "django.contrib.sessions.middleware.SessionMiddleware",
    "candle.core.middleware.CandleLocaleMiddleware",  # Django's, with a direct 404 for paths that are nowhere
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "candle.audit.middleware.AuditRequestMiddleware",  # who is acting, for audit entries
    "candle.access.middleware.StaffAccessMiddleware",  # second factor, staff session limits, step-up
    "candle.core.personal_data_admin.PersonalDataAdminMiddleware",  # URLs naming a model
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "candle.core.csp.CandleCSPMiddleware",  # django-csp's, with the admin's and previews' policies
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "candle.urls"
WSGI_APPLICATION = "candle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "candle.core.context_processors.site_context",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL: readers never wait for a writer. mmap: pages are read from the OS page cache
        # without a copy (shared by every worker); it made the search statement 1.5-2x faster.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A common search word matches tens of thousands of rows; with PostgreSQL's default 4 MB
    # the ranking's sort and window count spill to disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c work_mem=32MB"
    if _env_bool("CANDLE_PG_PREPARED", True):
        # Server-side parameters, so that psycopg prepares a statement on its connection once it
        # has run it twice: the hot pages' statements (the routing walk, a listing, a post's
        # parts) are then neither parsed nor, once PostgreSQL settles on a generic plan, planned
        # again; planning cost about as much as running them (docs/subsystems/uncached-pages.md).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "candle.caching.redis.CandleRedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login lockout: five failures for one user name from one address lock it for an hour.
# The address is the client's, behind nginx too (X-Forwarded-For from CANDLE_TRUSTED_PROXIES
# only), and only that pair is locked: guesses from elsewhere never lock out the account's owner.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "candle.core.client_address.client_address"
AXES_USERNAME_CALLABLE = "candle.core.lockout.lockout_username"  # cut to the 255 axes stores
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
# Staff sign-in (candle.access, docs/subsystems/access-signin.md): a staff session ends after
# this long idle or in all; a sensitive act (a resident number, an export, someone's access)
# asks for the second factor again unless it was given within CANDLE_STEPUP_SECONDS; wrong
# codes per account lock the second factor like AXES_* lock passwords.
CANDLE_STAFF_SESSION_IDLE_SECONDS = 30 * 60
CANDLE_STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60
CANDLE_STEPUP_SECONDS = 5 * 60
CANDLE_OTP_FAILURE_LIMIT = AXES_FAILURE_LIMIT
CANDLE_OTP_FAILURE_WINDOW_SECONDS = AXES_COOLOFF_TIME * 60 * 60
OTP_TOTP_ISSUER = "Candle"
# django-otp's own back-off (seconds doubling per wrong code, per device) is off: the lock
# above counts per account across the authenticator and the recovery codes.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Password-protected pages and document collections: after this many attempts per client address
# and restriction within the window, no password is checked (429; candle.core.page_password).
CANDLE_PAGE_PASSWORD_ATTEMPTS = 10
CANDLE_PAGE_PASSWORD_WINDOW_SECONDS = 15 * 60

# --- Languages: Korean first, English beside it ------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Our catalogue first; then the Korean Wagtail and wagtail-localize lack, and our corrections of
# theirs (candle/locale_vendor: kept by scripts/vendor_messages.py, never by `make messages`).
# Both outrank every app's catalogue, so a string of ours that means something else than the
# same English in Wagtail takes a context (candle/core/tests/test_admin_catalogues.py).
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_vendor"]
FORMAT_MODULE_PATH = ["candle.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "candle.core.static_storage.CandleStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365  # hashed names: cache for a year

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Candle"
WAGTAILADMIN_BASE_URL = CANDLE_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "core.CandleImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.CandleDocument"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "hwp",
    "hwpx",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "pptx",
    "odt",
    "txt",
    "csv",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILAPI_BASE_URL = CANDLE_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # staff e-mail addresses never leave the site
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "h4",
                "bold",
                "italic",
                "ol",
                "ul",
                "hr",
                "link",
                "document-link",
                "blockquote",
            ]
        },
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False  # a new translation is a draft, reviewed

# --- Security that holds everywhere -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "candle.core.views.csrf_failure"  # what to do, in the reader's language
# The public site runs with no inline script and no third-party script. Previews of its pages
# may be framed by the admin (frame-ancestors 'self'); the Wagtail admin, which writes inline
# styles and scripts of its own, gets CANDLE_ADMIN_CONTENT_SECURITY_POLICY (candle.core.csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CANDLE_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    # Wagtail 8 still writes inline <script> (inline panels, date pickers, wagtail-localize's
    # editor) and style attributes; nothing is loaded from another origin.
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],  # blob: upload previews
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": [
        "'self'",
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"],
    ],  # previews, embeds
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],  # the block preview is framed by the admin itself
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CANDLE_LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

# Background work (each app's tasks.py): run at once inside the request in dev and tests;
# production stores it in the database for `manage.py db_worker` (settings/production.py).
# The app is installed everywhere so its table exists (tests run the worker too).
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Search (candle.search) -------------------------------------------------------------------
# Kiwi morphemes for Korean, Snowball stems for English, on SQLite FTS5 or PostgreSQL
# (docs/subsystems/search.md). Public search, the API and the admin all use this backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "candle.search.backends"}}
CANDLE_SEARCH_PRELOAD_KIWI = (
    True  # load Kiwi at start-up (shared by forked workers), not on first search
)

# --- Page cache (candle.caching) --------------------------------------------------------------
# Anonymous readers of public pages get whole pages from the cache (docs/subsystems/caching.md).
# The "pages" cache is shared by every worker: Redis when REDIS_URL is set, else files under var/.
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "candle.caching.redis.CandleRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "candle",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CANDLE_VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
CANDLE_PAGE_CACHE_SECONDS = 60 * 60  # the app's copy; publishing purges it at once anyway
CANDLE_PAGE_CACHE_BROWSER_SECONDS = 60  # Cache-Control max-age for browsers
CANDLE_PAGE_CACHE_PROXY_SECONDS = 10  # nginx's own brief copy (X-Accel-Expires)
CANDLE_PAGE_CACHE_SHARED_SECONDS = (
    300 if (CANDLE_CDN_PURGE_URL or CANDLE_CLOUDFLARE_ZONE_ID) else 0
)  # s-maxage
CANDLE_PAGE_CACHE_VIEWS = {
    "wagtail_serve",
    "search",
    "sitemap",
}  # url names whose pages may be cached
CANDLE_PAGE_CACHE_NEVER_PREFIXES = ["/admin/", "/documents/", "/images/", "/api/", "/language/"]
CANDLE_PAGE_CACHE_NEVER_APP_PREFIXES = ["supporters", "give"]  # under each /<lang>/
if CANDLE_CLOUDFLARE_ZONE_ID:
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": CANDLE_CLOUDFLARE_ZONE_ID,
            "BEARER_TOKEN": CANDLE_CLOUDFLARE_TOKEN,
        }
    }
elif CANDLE_CDN_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": CANDLE_CDN_PURGE_URL,
        }
    }

# --- GnuBoard imports (candle.importers) ------------------------------------------------------

# --- Supporters (candle.supporters) -----------------------------------------------------------
# Retention in days per consent purpose (docs/subsystems/data-protection.md); keys left out keep
# the defaults in candle/supporters/retention.py. `manage.py apply_retention` applies them daily.
CANDLE_SUPPORTERS_RETENTION_DAYS: dict[str, int] = {}

# --- Giving (candle.giving); payment providers go in settings/integrations/ --------------------
# Field encryption keys (candle.core.encryption: resident registration numbers, encrypted fields
# and files of every app), kept outside the database: CANDLE_FIELD_KEYS holds
# comma-separated Fernet keys (newest first), or CANDLE_FIELD_KEY_FILE names a file with one a line.
# Autocreate makes a key file on first use (development and tests); production refuses it and
# refuses to start unless the keys are given (the variable, or a key file that already exists).
CANDLE_FIELD_KEYS = os.environ.get("CANDLE_FIELD_KEYS", "")
CANDLE_FIELD_KEY_FILE = os.environ.get("CANDLE_FIELD_KEY_FILE", str(CANDLE_VAR_DIR / "field-keys"))
CANDLE_FIELD_KEY_AUTOCREATE = _env_bool("CANDLE_FIELD_KEY_AUTOCREATE", True)
# Where encrypted uploads (EncryptedFileField: case documents) live: outside MEDIA_ROOT, never served.
CANDLE_ENCRYPTED_FILES_DIR = os.environ.get(
    "CANDLE_ENCRYPTED_FILES_DIR", str(CANDLE_VAR_DIR / "encrypted-files")
)
# The test payment provider runs the whole card flow on this machine (demo, tests, bench).
# Production refuses to start with it on, or with its committed secret used for any provider.
TEST_PROVIDER_COMMITTED_SECRET = "whsec_Y2FuZGxlLXRlc3QtcHJvdmlkZXI="  # noqa: S105 - public on purpose
CANDLE_TEST_PROVIDER_ENABLED = _env_bool("CANDLE_TEST_PROVIDER_ENABLED", True)
CANDLE_TEST_PROVIDER_SECRET = os.environ.get(
    "CANDLE_TEST_PROVIDER_SECRET", TEST_PROVIDER_COMMITTED_SECRET
)
# Receipts (기부금영수증): the organisation's number and address come from OrganisationSettings;
# these are the fallbacks, with the receipt type code (40: 일반기부금) and its legal basis.
CANDLE_RECEIPT_REGISTRATION_NUMBER = os.environ.get(
    "CANDLE_RECEIPT_REGISTRATION_NUMBER", "000-82-00000"
)
CANDLE_RECEIPT_ADDRESS = os.environ.get("CANDLE_RECEIPT_ADDRESS", "")
CANDLE_RECEIPT_TYPE_CODE = os.environ.get("CANDLE_RECEIPT_TYPE_CODE", "40")
CANDLE_RECEIPT_LEGAL_BASIS = os.environ.get(
    "CANDLE_RECEIPT_LEGAL_BASIS", "소득세법 제34조제3항제1호"
)
CANDLE_USE_PORTONE = _env_bool("CANDLE_USE_PORTONE", False)
if CANDLE_USE_PORTONE:
    from .integrations.portone import *  # noqa: E402, F403

# --- Newsletters (candle.advocacy.newsletters) ------------------------------------------------
INSTALLED_APPS += ["anymail"]  # its webhooks (tracking events); sending is set up above
if CANDLE_ANYMAIL_WEBHOOK_SECRET:
    ANYMAIL["WEBHOOK_SECRET"] = CANDLE_ANYMAIL_WEBHOOK_SECRET
CANDLE_NEWSLETTER_BATCH_PAUSE_SECONDS = CANDLE_NEWSLETTER_BATCH_PAUSE_MS / 1000
CANDLE_NEWSLETTER_CLAIM_TIMEOUT_SECONDS = 600  # a row claimed longer ago: its process died
CANDLE_PAGE_CACHE_VIEWS |= {"newsletter_archive", "newsletter_issue"}  # the public archive
