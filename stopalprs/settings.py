"""Settings for stopalprs, read from the environment only (documented in .env.example)."""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from stopalprs.lib.env import (
    cache_config,
    dev_secret,
    env_bool,
    env_int,
    env_list,
    env_str,
    mailers_config,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
REFERENCE_DATA_DIR = BASE_DIR / "data"

# pytest imports this module inside its own process; tests get fixed, test-only secrets
# (djangoproject.com's habit) so that no developer's var/ leaks into a test run.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", False)
# `make demo`: a site full of invented data on its own database, marked as such on every
# page. Never set on a real site.
DEMO = env_bool("DEMO", False)


def _secret(name: str, *, test_value: str) -> str:
    value = env_str(name)
    if value:
        return value
    if TESTING:
        return test_value
    if DEBUG:
        return dev_secret(VAR_DIR, name)
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off (see .env.example)")


SECRET_KEY = _secret("SECRET_KEY", test_value="test-only-secret-key-not-for-production-use")
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY", test_value="test-only-blind-index-key")


def _fernet_keys() -> list[str]:
    keys = env_list("FIELD_ENCRYPTION_KEYS")
    if keys:
        return keys
    if TESTING:
        return ["dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5LSE="]  # 32 bytes, base64
    if DEBUG:
        return [
            dev_secret(VAR_DIR, "FIELD_ENCRYPTION_KEYS", lambda: Fernet.generate_key().decode())
        ]
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off")


FIELD_ENCRYPTION_KEYS = _fernet_keys()

HOST = env_str("HOST", "127.0.0.1")
PORT = env_int("PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://{HOST}:{PORT}").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Stop ALPRs")
_site_host = urlsplit(SITE_URL).hostname or "localhost"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [_site_host, "127.0.0.1", "localhost", "[::1]"]
if TESTING:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "stopalprs.staff.apps.StaffAdminConfig",  # the admin, with two-factor login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "stopalprs.ops",
    "stopalprs.audit",
    "stopalprs.emails",
    "stopalprs.campaigns",
    "stopalprs.signatures",
    "stopalprs.lawmakers",
    "stopalprs.watch",
    "stopalprs.organizing",
    "stopalprs.fights",
    "stopalprs.integrity",
    "stopalprs.privacy",
    "stopalprs.updates",
    "stopalprs.api",
    "stopalprs.webhooks",
    "stopalprs.staff",
    "anymail",
    "django_otp",
    "axes",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that it marks every reply, error pages from the middleware below included.
    "stopalprs.ops.middleware.PrivatePagesMiddleware",
    "stopalprs.ops.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stopalprs.ops.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Last: turns a locked-out login into staff.admin_site.locked_out's page.
    "axes.middleware.AxesMiddleware",
    "stopalprs.ops.middleware.PermissionsPolicyMiddleware",
    "stopalprs.ops.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "stopalprs.urls"
WSGI_APPLICATION = "stopalprs.wsgi.application"

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
                "django.template.context_processors.csp",
                "stopalprs.ops.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in WAL mode is the zero-infrastructure default: readers never wait for the writer.
# IMMEDIATE transactions take the write lock up front, so two signers never deadlock on a
# read-then-write upgrade; the busy timeout makes a writer queue instead of failing.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'stopalprs.sqlite3'}")
# Persistent connections save a connect per request; tests close theirs so the test database
# can be dropped while the live server's thread is gone.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, waiting for the write lock in short steps (see its docstring).
    DATABASES["default"]["ENGINE"] = "stopalprs.lib.fastpath.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "locmem://")


def _limits_folder() -> Path:
    if not TESTING:
        return VAR_DIR / "limits"
    # A test run's own: clearing it between tests must not touch a developer's running site
    # or another test run on the same checkout.
    folder = Path(tempfile.mkdtemp(prefix="stopalprs-test-limits-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


CACHES = {
    "default": cache_config(CACHE_URL),
    # Counters that must hold across every web process and never be forgotten under load:
    # rate limits, login throttling, spent proof-of-work solutions. Redis when CACHE_URL
    # names it; otherwise files under var/ that all processes on the machine share.
    "limits": cache_config(
        env_str("LIMITS_CACHE_URL", "")
        or (CACHE_URL if CACHE_URL.startswith("redis") else f"disk://{_limits_folder()}")
    ),
}

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email"],
    }
}

# --- Email ----------------------------------------------------------------------------------
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_URL = env_str("EMAIL_URL", "outbox://")
MAILERS = mailers_config(EMAIL_URL, outbox_dir=OUTBOX_DIR)
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", f"{SITE_NAME} <noreply@{_site_host}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A staffed address that reads replies. Emails that invite a reply set it as Reply-To; while
# it is empty they ask for none (the From address is a no-reply one).
REPLY_TO_EMAIL = env_str("REPLY_TO_EMAIL", "")
# How often one address may be told "you already signed" for one signature: enough to find a
# lost email, too few to turn the sign form into a way of flooding someone's inbox.
DUPLICATE_NOTICE_LIMIT = env_int("DUPLICATE_NOTICE_LIMIT", 3)
CONFIRMATION_MAX_AGE_DAYS = env_int("CONFIRMATION_MAX_AGE_DAYS", 7)
# Updates to supporters leave at this pace, so a big list neither trips the mail service's
# limits nor holds up confirmation emails queued behind it.
UPDATE_SENDS_PER_MINUTE = env_int("UPDATE_SENDS_PER_MINUTE", 600)
# With an email service behind django-anymail (EMAIL_URL=anymail+<esp>://…), its bounce and
# complaint webhooks post to /hooks/anymail/<esp>/tracking/ with this "user:password".
# Without it the webhook URLs are not served at all: a forged "bounce" could unsubscribe anyone.
_anymail_secret = env_str("ANYMAIL_WEBHOOK_SECRET", "")
ANYMAIL = {"WEBHOOK_SECRET": _anymail_secret} if _anymail_secret else {}

# Requests a minute one API token may make (beyond it: 429 with a structured error).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 600)
# Outgoing webhooks: how long a receiver may take to answer, and whether plain-HTTP
# receivers may be registered (development only: deliveries can carry personal data).
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)

# Organizers this close (by ZIP coordinates) count as one local hub for introductions.
HUB_RADIUS_KM = env_int("HUB_RADIUS_KM", 60)

# Where delivery packets are written (staff download them from /staff/).
DELIVERY_DIR = Path(env_str("DELIVERY_DIR", str(VAR_DIR / "deliveries")))

# --- Counts ---------------------------------------------------------------------------------
# Public counts are an aggregate query cached this long: no counter row is updated per
# signature, and the figure is never staler than this.
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 2)
# Counting every signature of a campaign grows with it (a second at a million); it is done
# this often, and in between only signatures confirmed since are counted and added. A
# signature that stops counting (withdrawn, erased, held back) leaves the figure this late.
COUNT_SNAPSHOT_SECONDS = env_int("COUNT_SNAPSHOT_SECONDS", 60)
# How long the blank campaign page is cached (here and by a CDN). With the count cache and the
# one-second edge cache in front of Django (ops/edge.py), the public count is at most
# COUNT_CACHE_SECONDS + PAGE_CACHE_SECONDS + 1 s old: 5 s by default.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 2)

# --- Signature integrity ---------------------------------------------------------------------
# Rate limits per campaign, as (count, seconds) windows: UK Parliament's petitions defaults for
# client addresses; domains get room for a viral campaign. A campaign may override any entry
# in its `rate_limits` field. Over a limit, a signature is kept as suspect (not counted).
RATE_LIMITS = {
    "ip_burst": (1, 60),
    "ip_sustained": (5, 300),
    "domain_burst": (30, 60),
    "domain_sustained": (150, 300),
}
# Big mail providers are shared by millions of signers: no domain limit, no domain trend.
COMMON_EMAIL_DOMAINS = set(
    env_list(
        "COMMON_EMAIL_DOMAINS",
        "gmail.com,yahoo.com,outlook.com,hotmail.com,live.com,icloud.com,me.com,aol.com,"
        "proton.me,protonmail.com,msn.com,comcast.net,att.net,verizon.net,ymail.com,gmx.com",
    )
)
TRENDING_IP_THRESHOLD = env_int("TRENDING_IP_THRESHOLD", 100)
TRENDING_DOMAIN_THRESHOLD = env_int("TRENDING_DOMAIN_THRESHOLD", 100)
# Proof-of-work difficulty for ALTCHA (numbers a browser may have to try).
ALTCHA_MAX_NUMBER = env_int("ALTCHA_MAX_NUMBER", 50_000)

# --- Retention (days); each period is enforced by the daily retention task -----------------
UNCONFIRMED_RETENTION_DAYS = env_int("UNCONFIRMED_RETENTION_DAYS", 7)
IP_HASH_RETENTION_DAYS = env_int("IP_HASH_RETENTION_DAYS", 7)
CLOSED_CAMPAIGN_RETENTION_DAYS = env_int("CLOSED_CAMPAIGN_RETENTION_DAYS", 90)
ORGANIZER_INACTIVE_RETENTION_DAYS = env_int("ORGANIZER_INACTIVE_RETENTION_DAYS", 730)
EMAIL_RECORD_RETENTION_DAYS = env_int("EMAIL_RECORD_RETENTION_DAYS", 30)
RECORDS_REQUEST_RETENTION_DAYS = env_int("RECORDS_REQUEST_RETENTION_DAYS", 365)
# Our copy of a public comment (the city keeps its own, in the public record).
COMMENT_RETENTION_DAYS = env_int("COMMENT_RETENTION_DAYS", 30)
# How long a "manage my data" link works; a fresh one can be asked for at /privacy/manage/.
MANAGE_LINK_MAX_AGE_DAYS = env_int("MANAGE_LINK_MAX_AGE_DAYS", 30)

# --- Auth -----------------------------------------------------------------------------------
# Staff sign-in throttling (django-axes): counted in the shared limits cache, never in a table,
# and keyed by the day's address hash, never by the address (AXES_CLIENT_IP_CALLABLE). Five
# failures from one address lock that address, or that address for that account, for
# AXES_COOLOFF_MINUTES; the account stays open from anywhere else, so an attacker cannot
# lock its owner out, and no lock lasts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "limits"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "stopalprs.actions.senders.request_ip_hash"
AXES_LOCKOUT_CALLABLE = "stopalprs.staff.admin_site.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines would name the account tried
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# django-otp's own throttle grows without end and locks the owner too (15 wrong codes: hours):
# the throttle above replaces it.
OTP_TOTP_THROTTLE_FACTOR = 0
LOGIN_URL = "admin:login"
OTP_LOGIN_URL = "admin:login"
OTP_TOTP_ISSUER = SITE_NAME
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security headers -----------------------------------------------------------------------
# Every asset is ours: nothing in a page may load from, or send visitors to, another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = False  # the TLS proxy in front redirects; we answer it on plain HTTP
SILENCED_SYSTEM_CHECKS = [
    "security.W008",  # HTTP->HTTPS redirects are the TLS proxy's job (docs: make serve)
    # HSTS preload is a one-way commitment for a whole domain: the operator opts in with
    # HSTS_PRELOAD=True once every subdomain is HTTPS.
    "security.W021",
]
if SITE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    CSRF_TRUSTED_ORIGINS = [SITE_URL]
# Client addresses and the proxy's HTTPS header are trusted only from these addresses
# (gunicorn's --forwarded-allow-ips); empty means no proxy is trusted.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_BODY_BYTES", 64 * 1024)
# Under /staff/ only: a CSV export from Action Network or ActionKit (bigger files: the
# import_crm_signatures command).
STAFF_UPLOAD_MAX_BYTES = env_int("STAFF_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# /readyz reports not ready when a task has waited longer than this.
READY_QUEUE_LAG_SECONDS = env_int("READY_QUEUE_LAG_SECONDS", 300)
# ... when the database takes no write within this many milliseconds (a held write lock) ...
READY_WRITE_TIMEOUT_MS = env_int("READY_WRITE_TIMEOUT_MS", 1000)
# ... and when the disk under VAR_DIR (or the SQLite file) has less room than this.
READY_MIN_FREE_MB = env_int("READY_MIN_FREE_MB", 100)

# --- Logging --------------------------------------------------------------------------------
# Logs never carry personal data: no request bodies, no client addresses (gunicorn's access
# log format leaves them out too).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No link token and no client address in any log line (ops/redaction.py).
    "filters": {"redact": {"()": "stopalprs.ops.redaction.RedactFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
