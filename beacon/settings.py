"""Beacon's one settings module.

Every difference between environments is an environment variable. Development and the demo need
none; production (``BEACON_ENV=production``) refuses to start without a secret key and allowed hosts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

ENVIRONMENT = os.environ.get("BEACON_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when BEACON_ENV=production.")
    SECRET_KEY = "development-only-key-never-used-in-production-beacon"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when BEACON_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "beacon.core",
    "beacon.accounts",
    "beacon.strategy",
    "beacon.programmes",
    "beacon.finance",
    "beacon.performance",
    "beacon.risks",
    "beacon.governance",
    "beacon.engagement",
    "beacon.reports",
    "beacon.reporting",
    "beacon.home",
    "beacon.public",
    "beacon.exchange",
    "beacon.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "beacon.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication and messages: ends idle, too old and signed-out-everywhere sessions.
    "beacon.accounts.sessions.SessionPolicyMiddleware",
    # Records refused requests, exports and imports of signed-in users; marks their pages private, no-store.
    "beacon.accounts.security_audit.SecurityAuditMiddleware",
    # After the session policy: a user who must still give a second factor (or set one up) goes nowhere else.
    "beacon.accounts.two_factor.TwoFactorMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "beacon.urls"
WSGI_APPLICATION = "beacon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beacon.core.context_processors.beacon",
            ],
            "builtins": ["beacon.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "beacon.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'beacon.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout lets two requests that write at once wait for each other instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request, and at most SESSION_COOKIE_AGE
# seconds after signing in however busy (the expiry date is fixed at sign-in and not moved on by use).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", "1800"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", "43200"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SAVE_EVERY_REQUEST = False
AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in while its username and address are locked out after repeated failures (django-axes).
    # (django-axes' backend for sign-ins over the web; authenticating without a request, as the test client's
    # login() does, is not counted: beacon.accounts.lockout.)
    "beacon.accounts.lockout.RequestThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Redis when REDIS_URL is set (shared by every worker: rate limits and sign-in throttling hold across them);
# otherwise each process keeps its own in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if TESTING:
    # Each pytest-xdist worker keeps its keys apart in a shared Redis (the suite clears the cache before every
    # test: conftest.py), so that one worker's rate limits never count another's requests; clearing the cache
    # deletes this worker's keys only (beacon/testing/cache.py).
    CACHES["default"]["KEY_PREFIX"] = f"beacon-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    if REDIS_URL:
        CACHES["default"]["BACKEND"] = "beacon.testing.cache.WorkerRedisCache"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "beacon@localhost")
# The council's mail server (SMTP). The defaults are Django's: a relay on localhost port 25 without sign-in.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Where Beacon is served: the address in links sent by e-mail (invitations, reminders).
BEACON_BASE_URL = os.environ.get("BEACON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Who runs this Beacon and how people reach them: named on the accessibility statement, privacy notice and help
# pages. The defaults are placeholders that read correctly; a council sets both.
SERVICE_OWNER = os.environ.get("SERVICE_OWNER", "the council that runs this Beacon")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "beacon-support@example.invalid")

# Bodies above 12 MB are refused outright; below that, forms refuse over-long fields with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Imports: the largest file accepted, and the most a spreadsheet (a zip of XML) may unpack to before it is opened.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

# The public idea form: how many ideas one client (known only by a keyed hash of its address) may send to one
# organisation in an hour.
PUBLIC_IDEAS_PER_HOUR = int(os.environ.get("PUBLIC_IDEAS_PER_HOUR", "5"))

# Long work (imports) runs as a django-tasks task. TASK_BACKEND=database queues it in the database for
# `beacon db_worker` (production: the README's deployment section); unset, it runs at once in the request, so
# that the demo needs no worker.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate")
if TASK_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(f"TASK_BACKEND must be 'immediate' or 'database', not {TASK_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASK_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# ---- Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from one
# address, that pair is refused for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures while locked out do not move the end of the lock-out on, so the time the page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The attempts are kept in the database (shared by every worker), not in a per-process cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The address counted is REMOTE_ADDR, as in the audit trail: behind a proxy, the proxy must pass it on.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# A GOV.UK page (429) saying when to try again and how to get help; never whether the username exists.
AXES_LOCKOUT_CALLABLE = "beacon.accounts.lockout.lockout_response"
# Beacon's own audit trail records every sign-in and failure; axes keeps only what throttling needs (the failed
# attempts), not a second log of every sign-in with its address and browser.
AXES_DISABLE_ACCESS_LOG = True

# ---- Two-factor sign-in (django-otp): required for anyone holding the administrator role, unless their account
# is marked exempt (the demo users are). Others may turn it on from "Your account".
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Beacon")


# ---- Single sign-on over OpenID Connect. OIDC_PROVIDERS names the providers ("entra,google"); for each NAME:
# OIDC_<NAME>_ISSUER (discovery is at <issuer>/.well-known/openid-configuration), OIDC_<NAME>_CLIENT_ID,
# OIDC_<NAME>_CLIENT_SECRET, and optionally OIDC_<NAME>_LABEL (the button's words), OIDC_<NAME>_GROUPS_CLAIM
# (default "groups") and OIDC_<NAME>_SCOPE (default "openid email profile").
def oidc_providers_from_env() -> dict[str, dict[str, str]]:
    providers: dict[str, dict[str, str]] = {}
    for name in env_list("OIDC_PROVIDERS"):
        key = name.upper().replace("-", "_")
        prefix = f"OIDC_{key}_"
        missing = [f"{prefix}{part}" for part in ("ISSUER", "CLIENT_ID") if not os.environ.get(f"{prefix}{part}")]
        if missing:
            raise ImproperlyConfigured(f"Single sign-on provider {name!r} needs {' and '.join(missing)}.")
        providers[name.lower()] = {
            "issuer": os.environ[f"{prefix}ISSUER"].rstrip("/"),
            "client_id": os.environ[f"{prefix}CLIENT_ID"],
            "client_secret": os.environ.get(f"{prefix}CLIENT_SECRET", ""),
            "label": os.environ.get(f"{prefix}LABEL", f"Sign in with {name}"),
            "groups_claim": os.environ.get(f"{prefix}GROUPS_CLAIM", "groups"),
            "scope": os.environ.get(f"{prefix}SCOPE", "openid email profile"),
        }
    return providers


OIDC_PROVIDERS = oidc_providers_from_env()

REST_FRAMEWORK = {
    # Personal API tokens first, so that a request sending a key that does not work hears 401 and why.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "beacon.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # ReadOnlyTokenPermission: a read-only token may not write. A view that sets its own permission_classes
    # lists it too (beacon/accounts/tests/test_tokens_api.py tries a write with a read token on every view).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "beacon.accounts.tokens.ReadOnlyTokenPermission",
    ],
    # Rate limits of the authenticated API (the public API under /api/v1/public/ is not limited: caching
    # serves it). The rates are read at each request (beacon.core.throttling).
    "DEFAULT_THROTTLE_CLASSES": [
        "beacon.core.throttling.ApiUserRateThrottle",
        "beacon.core.throttling.ApiAnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        # The test suite signs the same few users in across thousands of tests: it runs with limits it never
        # reaches unless API_RATE_* are set (test_throttling.py sets small ones).
        "user": os.environ.get("API_RATE_USER", "1000000/hour" if TESTING else "2000/hour"),
        "anon": os.environ.get("API_RATE_ANON", "1000000/hour" if TESTING else "300/hour"),
    },
    "DEFAULT_PAGINATION_CLASS": "beacon.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "beacon.core.schema.BeaconAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "beacon.core.rest.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Beacon API",
    "DESCRIPTION": "The records of a council's transformation programme. Money is pounds as a decimal string; "
    "dates are ISO 8601; financial years are labels such as 2024/25. Authenticate with a personal API token "
    "(Your account, API tokens): `Authorization: Bearer <key>`. Every record answer carries an ETag; send it back "
    "as If-Match on PUT/PATCH and a stale write gets 412 with nothing changed (without If-Match the write goes "
    "ahead). Too many requests get 429 with Retry-After.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, wherever a field uses it.
    "ENUM_NAME_OVERRIDES": {
        "ConfidenceEnum": "beacon.programmes.models.Confidence",
        "PlanStatusEnum": "beacon.strategy.models.PlanStatus",
        "PeriodStatusEnum": "beacon.reporting.models.PeriodStatus",
        "DecisionStatusEnum": "beacon.governance.models.DecisionStatus",
        "MeetingStatusEnum": "beacon.governance.models.MeetingStatus",
        "SpendRequestStatusEnum": "beacon.governance.models.SpendRequestStatus",
    },
}

# Content security policy: no inline script anywhere, so 'unsafe-inline' is never needed for scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# ---- Security headers and cookies, on every answer (beacon/core/tests/test_security_headers.py checks each page).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from what clients send).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer's health check may ask over plain HTTP: it is answered, not redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

BEACON_SHARED_DATA = Path(os.environ.get("BEACON_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))

if TESTING:
    # Tests create many users; a fast hasher keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
