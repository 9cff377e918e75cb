"""Settings: the environment is read here and only here, through ``klantbeeld.core.env``.

Every variable is declared with its help text; ``docs/configuration.md`` lists them.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from klantbeeld.core.env import env

BASE_DIR = Path(__file__).resolve().parent.parent

KLANTBEELD_ENV = env(
    "KLANTBEELD_ENV",
    "development",
    help="`development` (the demo and tests) or `production` (secure cookies, HSTS, no debug).",
)
IS_PRODUCTION = KLANTBEELD_ENV == "production"

SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    "" if IS_PRODUCTION else "development-only-not-secret",
    shown_default="(none in production; a fixed development key otherwise)",
    help="Signing key for sessions and tokens. Required in production; never commit one.",
)
if IS_PRODUCTION and not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when KLANTBEELD_ENV=production.")

DEBUG = env(
    "DJANGO_DEBUG",
    False,
    kind=bool,
    help="Show Django's technical debug pages (developers only; never in production). "
    "Off by default, so the demo shows the product's own Dutch error pages.",
)
if IS_PRODUCTION and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_DEBUG must be off when KLANTBEELD_ENV=production.")
ALLOWED_HOSTS = env(
    "DJANGO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"],
    kind=list,
    help="Comma-separated host names this deployment answers to.",
)
CSRF_TRUSTED_ORIGINS = env(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    [],
    kind=list,
    help="Comma-separated origins (scheme://host) trusted for form posts behind a proxy.",
)

INSTALLED_APPS = [
    # Daphne's runserver serves WebSockets (web chat) next to HTTP; first, as Channels asks.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "klantbeeld.core",
    "klantbeeld.privacy",
    "klantbeeld.parties",
    "klantbeeld.contacts",
    "klantbeeld.events",
    "klantbeeld.routing",
    "klantbeeld.channels",
    "klantbeeld.assistant",
    "klantbeeld.api",
    "klantbeeld.workspace",
    "klantbeeld.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "klantbeeld.core.tracing.TraceContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'var' / 'klantbeeld.sqlite3'}",
    shown_default="sqlite:///<checkout>/var/klantbeeld.sqlite3",
    help="Database, e.g. `sqlite:///var/klantbeeld.sqlite3` or `postgres://user@127.0.0.1:5432/klantbeeld`.",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password check
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"

# Dutch is the language of the product; the English translation (LANGUAGES) arrives with the
# citizen portal, and LocaleMiddleware with it, so pages never mix the two.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# First in line: keeps Django's wording where REST framework's catalogue differs.
LOCALE_PATHS = [BASE_DIR / "klantbeeld" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files (production); in development WhiteNoise serves from the app folders.
STATIC_ROOT = BASE_DIR / "var" / "static" if IS_PRODUCTION else None
MEDIA_ROOT = Path(
    env(
        "KLANTBEELD_MEDIA_ROOT",
        str(BASE_DIR / "var" / "media"),
        shown_default="<checkout>/var/media",
        help="Where attachments are stored.",
    )
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

SESSION_COOKIE_AGE = env(
    "KLANTBEELD_SESSION_SECONDS",
    8 * 60 * 60,
    kind=int,
    help="How long an employee stays logged in without activity, in seconds.",
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env(
        "KLANTBEELD_SSL_REDIRECT", True, kind=bool, help="Redirect http to https in production."
    )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env("KLANTBEELD_LOG_LEVEL", "INFO", help="Log level of the `klantbeeld` loggers.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Structured lines carrying ids only, never a BSN, a name or a message body (STYLE.md).
        "structured": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"mask_personal_data": {"()": "klantbeeld.core.logging.MaskPersonalData"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "filters": ["mask_personal_data"],
        }
    },
    "loggers": {
        "klantbeeld": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING"},
        # These two write request paths; masked where the record is made, for every handler.
        "django.request": {"filters": ["mask_personal_data"]},
        "django.server": {"filters": ["mask_personal_data"]},
    },
}

KLANTBEELD_TIMELINE_PAGE_SIZE = env(
    "KLANTBEELD_TIMELINE_PAGE_SIZE",
    20,
    kind=int,
    help="Timeline items per page in the customer view.",
)
KLANTBEELD_ATTACHMENT_MAX_BYTES = env(
    "KLANTBEELD_ATTACHMENT_MAX_BYTES",
    20_000_000,
    kind=int,
    help="Largest file accepted as an attachment to a contact, in bytes.",
)
KLANTBEELD_SEARCH_LIMIT = env(
    "KLANTBEELD_SEARCH_LIMIT", 25, kind=int, help="Most parties a workspace search shows."
)

KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS = env(
    "KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS",
    1.0,
    kind=float,
    help="Seal the processing log after a write at most this often per process (0: after every "
    "write); run `klantbeeld privacy seal` every minute for the rest.",
)
KLANTBEELD_PROCESSING_LOG_RETENTION_DAYS = env(
    "KLANTBEELD_PROCESSING_LOG_RETENTION_DAYS",
    5 * 365,
    kind=int,
    help="How long processing-log records are kept before `klantbeeld privacy prune` removes them.",
)

KLANTBEELD_EMERGENCY_ACCESS_MINUTES = env(
    "KLANTBEELD_EMERGENCY_ACCESS_MINUTES",
    60,
    kind=int,
    help="How long emergency access (break the glass) to one customer lasts.",
)

# --- login security (issue 3; PRIV-06) -------------------------------------------------------
KLANTBEELD_REQUIRE_TWO_FACTOR = env(
    "KLANTBEELD_REQUIRE_TWO_FACTOR",
    IS_PRODUCTION,
    kind=bool,
    shown_default="true in production, false otherwise",
    help="Employees must log in with a one-time code (TOTP) from an authenticator app.",
)
OTP_TOTP_ISSUER = "Klantbeeld"
AXES_FAILURE_LIMIT = env(
    "KLANTBEELD_LOGIN_FAILURE_LIMIT",
    5,
    kind=int,
    help="Failed logins (password or code) for one username from one address before a pause.",
)
AXES_COOLOFF_TIME = timedelta(
    minutes=env("KLANTBEELD_LOGIN_COOLOFF_MINUTES", 15, kind=int, help="How long that pause lasts.")
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workspace/locked_out.html"
AXES_VERBOSE = False

# Same-origin only: no inline script or style, no framing (CSP level 3).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Klantinteracties API (klantbeeld.api) -------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["klantbeeld.api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["klantbeeld.api.auth.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "klantbeeld.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "klantinteracties",
    "DESCRIPTION": "Klantbeeld: de VNG Klantinteracties API (zoals Open Klant 2.18 die aanbiedt).",
    "VERSION": "0.9.0",
    "SERVERS": [{"url": "/klantinteracties/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/klantinteracties/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "LICENSE": {"name": "EUPL 1.2", "url": "https://opensource.org/licenses/EUPL-1.2"},
}
KLANTBEELD_API_MAX_BODY_BYTES = env(
    "KLANTBEELD_API_MAX_BODY_BYTES",
    1_000_000,
    kind=int,
    help="Largest request body the Klantinteracties API accepts, in bytes; larger is a 400.",
)

# --- background tasks and outbound events (klantbeeld.events) ------------------------------
# django-tasks with its database backend: a queued task is a row in the same database, so it
# commits with the change that queued it. Run the worker with `klantbeeld db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
KLANTBEELD_PUBLIC_URL = env(
    "KLANTBEELD_PUBLIC_URL",
    "http://127.0.0.1:8000",
    help="Address at which others reach this installation (scheme://host[:port]); outbound "
    "notifications point to resources under it.",
)
# Outbound notifications (docs/architecture/events.md): per attempt a time limit; after a
# failure a retry after 30 s, 1, 2, 4 … minutes (±20 %), at most an hour apart, ten in all.
KLANTBEELD_EVENTS_TIMEOUT_SECONDS = 5
KLANTBEELD_EVENTS_RETRY_BASE_SECONDS = 30
KLANTBEELD_EVENTS_RETRY_CAP_SECONDS = 60 * 60
KLANTBEELD_EVENTS_MAX_ATTEMPTS = 10
KLANTBEELD_EVENTS_RETENTION_DAYS = 30

# --- channels: the inbound path and the adapters (klantbeeld.channels, klantbeeld.routing) ----
KLANTBEELD_CHANNELS_INLINE = env(
    "KLANTBEELD_CHANNELS_INLINE",
    True,
    kind=bool,
    help="Process an inbound message right after it is stored, and send a reply right after "
    "it is written, in the process that did so (simple installations). Set to false when "
    "`klantbeeld channels work` and `klantbeeld db_worker` run; a message is stored durably "
    "before the channel is acknowledged either way.",
)
KLANTBEELD_INBOUND_MAX_BYTES = env(
    "KLANTBEELD_INBOUND_MAX_BYTES",
    25_000_000,
    kind=int,
    help="Largest inbound message (webhook body, raw e-mail, scan) accepted, in bytes; a larger "
    "one is kept in quarantine with the reason, never processed.",
)
KLANTBEELD_INBOUND_MAX_ATTEMPTS = 5
KLANTBEELD_TRIAGE_HOOK = env(
    "KLANTBEELD_TRIAGE_HOOK",
    "klantbeeld.assistant.services.message_triage",
    help="Dotted path of a function that triages an inbound message before routing (topic, "
    "skill, urgency); empty: route on channel and queue rules alone.",
)
KLANTBEELD_INBOUND_RESPONDER = env(
    "KLANTBEELD_INBOUND_RESPONDER",
    "klantbeeld.assistant.services.messages_answer",
    help="Dotted path of a function called with the ids of inbound messages once their "
    "processing has committed (the digital assistant answers there); empty: none.",
)
KLANTBEELD_ASSISTANT_WARM_UP = env(
    "KLANTBEELD_ASSISTANT_WARM_UP",
    False,
    kind=bool,
    help="Train the assistant's triage models in the background when the web server starts, "
    "so the first chat message after a restart is answered without waiting (make demo sets "
    "it; recommended in production).",
)
KLANTBEELD_REDIS_URL = env(
    "KLANTBEELD_REDIS_URL",
    "",
    help="Redis for the web chat's channel layer when several processes serve WebSockets "
    "(redis://127.0.0.1:6379/0); empty: an in-memory layer inside one process.",
)
if KLANTBEELD_REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [KLANTBEELD_REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- e-mail out (replies, chat transcripts) ------------------------------------------------
# Production sends through the organisation's SMTP relay; development and the demo write each
# message to var/mail/ so what would have gone out can be read.
EMAIL_HOST = env("KLANTBEELD_EMAIL_HOST", "127.0.0.1", help="SMTP relay for outgoing e-mail.")
EMAIL_PORT = env("KLANTBEELD_EMAIL_PORT", 25, kind=int, help="Port of the SMTP relay.")
EMAIL_USE_TLS = env(
    "KLANTBEELD_EMAIL_STARTTLS", IS_PRODUCTION, kind=bool, help="Use STARTTLS to the SMTP relay."
)
EMAIL_TIMEOUT = 10
if IS_PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = env(
        "KLANTBEELD_EMAIL_BACKEND",
        "django.core.mail.backends.filebased.EmailBackend",
        help="Outside production: where e-mail goes (default: a file per message in var/mail/).",
    )
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
