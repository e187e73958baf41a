"""Settings shared by every environment. Every value can come from the environment.

Defaults are the safe production ones (DEBUG off, no hosts allowed); `dev.py` and `test.py`
loosen them for a developer's machine. `.env.example` documents each variable.
"""

import datetime
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "duban.core",
    "duban.accounts",
    "duban.orgs",
    "duban.ledger",
    "duban.reporting",
    "duban.assessment",
    "duban.supervision",
    "duban.appraisal",
    "duban.dashboards",
    "duban.publishing",
    "duban.imports",
    "duban.exports",
    "duban.notifications",
    "duban.audit",
    "duban.demo",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "duban.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "duban.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached public table page is answered here, before sessions and the rest (docs/deploy.md).
    "duban.publishing.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the password: the second factor, then an expired password (decision 0028).
    "duban.accounts.otp.SecondFactorMiddleware",
    "duban.accounts.passwords.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.core.views.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "duban" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The top bar's role and unread count, from the apps that own them.
                "duban.accounts.context_processors.role",
                "duban.notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite is the zero-set-up default; production and CI point DATABASE_URL at PostgreSQL.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
# Seconds a connection is kept between requests (0: one per request, the safe default).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when the worker and the web write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Write transactions take the write lock when they begin. A deferred transaction that
    # reads first and writes later cannot wait for the lock (SQLite would deadlock), so it
    # failed at once with "database is locked": 10 of 13 simultaneous saves did.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Every sign-in (page, admin, API token) passes the lock-out and is audited here.
AUTHENTICATION_BACKENDS = ["duban.accounts.backends.LockoutModelBackend"]

# PBKDF2-SHA256 at a pinned cost (docs/decisions/0029-password-hashing.md); the second entry
# only lets hashes written by other hashers of Django's list still verify.
PASSWORD_HASHERS = [
    "duban.accounts.hashers.PBKDF2SHA256Hasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's own speaks English in zh-Hans (its catalogue lacks the 5.x wording).
    {"NAME": "duban.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language (docs/decisions/0022): every page, form message and API error is Chinese,
# whatever the browser asks for; no LocaleMiddleware, no language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "duban" / "static"]
# Uploaded files (import sources, attachments) live outside the web root and are never
# served as static files.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Static publishing (docs/deploy.md): publishing also writes the public pages and downloads as
# files under this folder for nginx or the government site's CMS to serve. Unset: off.
DUBAN_STATIC_PUBLISH_ROOT = env.str("DUBAN_STATIC_PUBLISH_ROOT", default="") or None


# Where uploads are kept. Several app servers and workers must see the same files: either
# MEDIA_ROOT on a shared mount (NFS, a cluster file system), or S3-compatible object storage
# named here with its options (docs/deploy.md, "Storage").
def storages_from_env(env: environ.Env) -> dict[str, dict[str, Any]]:
    """STORAGES from the environment. duban/core/tests/test_object_storage.py calls this with
    the production variables against an S3 server."""
    backend = env.str(
        "DUBAN_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
    )
    options: dict[str, Any] = {}
    if "s3" in backend.lower():
        from botocore.config import Config

        # Seconds to connect and to wait for an answer, two tries in all: a store that hangs
        # costs an upload about twice this, under gunicorn's 60 s, instead of botocore's five
        # tries of 60 s each, after which gunicorn would kill the request mid-page.
        timeout = env.int("DUBAN_S3_TIMEOUT", default=10)
        options = {
            "bucket_name": env.str("DUBAN_S3_BUCKET"),
            "endpoint_url": env.str("DUBAN_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DUBAN_S3_REGION", default="") or None,
            "access_key": env.str("DUBAN_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("DUBAN_S3_SECRET_KEY", default="") or None,
            "default_acl": "private",  # uploads are read through duban's permission checks only
            "querystring_auth": True,
            "file_overwrite": False,
            "client_config": Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"mode": "standard", "total_max_attempts": 2},
                # boto3 since 1.36 adds CRC checksums to every upload (aws-chunked, trailing
                # headers), which S3-compatible stores built before 2025 refuse or store
                # garbled; ask for them only where S3 itself requires one.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        }
    return {
        "default": {"BACKEND": backend, "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


STORAGES = storages_from_env(env)

# Shared by the web server and the worker (import progress crosses processes): a file cache
# on one host by default; point CACHE_URL at Redis when several app servers share the load
# (the public page cache, sessions and import progress then live there for every host).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # django-environ prefers django-redis when it happens to be installed; Django's own
    # backend with the pinned `redis` client is the one tested here.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"

# Sessions in the database, read through the cache: every app server sees every session,
# a Redis restart signs nobody out, and reading a session costs no database query.
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db")

# Proxies (addresses or networks) whose X-Forwarded-For is believed; see duban/core/http.py.
DUBAN_TRUSTED_PROXIES = env.list("DUBAN_TRUSTED_PROXIES", default=[])

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# /healthz fails when a job has waited longer than this for a worker (seconds).
DUBAN_HEALTH_QUEUE_LAG_SECONDS = env.int("DUBAN_HEALTH_QUEUE_LAG_SECONDS", default=300)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reporting:task_list"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request, not the login
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: empty means the built-in policy (duban.core.security.DEFAULT_POLICY).
DUBAN_CSP = env.str("DUBAN_CSP", default="")
SECURE_CONTENT_TYPE_NOSNIFF = True

# Largest upload accepted (import files).
DUBAN_MAX_UPLOAD_BYTES = env.int("DUBAN_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = DUBAN_MAX_UPLOAD_BYTES
# Uploads stop being stored once past the larger of the import and attachment limits, so an
# oversized file costs neither memory nor disk before it is refused (duban.core.evidence).
FILE_UPLOAD_HANDLERS = [
    "duban.core.evidence.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# What a table file may hold once read (duban.imports.readers.limits). A file past any of
# these is refused with a message naming the limit and the row or cell, before the worker's
# memory grows with it. Rows and columns count the used range, not what the file declares.
DUBAN_IMPORT_MAX_ROWS = env.int("DUBAN_IMPORT_MAX_ROWS", default=10_000)
DUBAN_IMPORT_MAX_COLUMNS = env.int("DUBAN_IMPORT_MAX_COLUMNS", default=100)
# Rows × columns of the table after merged cells and spans are expanded.
DUBAN_IMPORT_MAX_CELLS = env.int("DUBAN_IMPORT_MAX_CELLS", default=300_000)
# The largest rowspan/colspan (HTML) or merged range (xlsx), in rows or columns.
DUBAN_IMPORT_MAX_SPAN = env.int("DUBAN_IMPORT_MAX_SPAN", default=500)
# Characters in one cell (Excel's own limit), and uncompressed bytes inside an xlsx.
DUBAN_IMPORT_MAX_CELL_CHARS = env.int("DUBAN_IMPORT_MAX_CELL_CHARS", default=32_767)
DUBAN_IMPORT_MAX_UNZIPPED_BYTES = env.int(
    "DUBAN_IMPORT_MAX_UNZIPPED_BYTES", default=100 * 1024 * 1024
)
# Problems kept with an import batch and shown in its preview; the rest are counted.
DUBAN_IMPORT_MAX_PROBLEMS = env.int("DUBAN_IMPORT_MAX_PROBLEMS", default=200)

# Reminders and notifications.
DUBAN_REMINDER_DAYS = env.int("DUBAN_REMINDER_DAYS", default=3)
DUBAN_NOTIFY_CHANNELS = env.list("DUBAN_NOTIFY_CHANNELS", default=["in_app", "email", "webhook"])
DUBAN_WEBHOOK_URL = env.str("DUBAN_WEBHOOK_URL", default="")
DUBAN_BASE_URL = env.str("DUBAN_BASE_URL", default="")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="duban@localhost")
# Who gets a mail for every server error (500), comma-separated addresses; nobody by default.
ADMINS = [(address, address) for address in env.list("DUBAN_ADMINS", default=[])]
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Two-factor sign-in (TOTP) for the office and the administrators (duban.accounts.otp).
DUBAN_OTP_REQUIRED = env.bool("DUBAN_OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="督办")
# Password age in days before the change page is forced (0: never). Office, leaders and the
# administrators; departments separately (decision 0028).
DUBAN_PASSWORD_MAX_AGE_DAYS = env.int("DUBAN_PASSWORD_MAX_AGE_DAYS", default=90)
DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS = env.int(
    "DUBAN_DEPARTMENT_PASSWORD_MAX_AGE_DAYS", default=0
)

# Proxies (addresses or networks) whose X-Forwarded-For is believed; see duban/core/http.py.
DUBAN_TRUSTED_PROXIES = env.list("DUBAN_TRUSTED_PROXIES", default=[])

# Sign-in lock-out per (account, client address), see docs/decisions/0007: after this many
# failures the address waits DUBAN_LOGIN_FIRST_LOCK_MINUTES, doubling with each further
# failure up to DUBAN_LOGIN_LOCK_MINUTES. Failures older than the window are forgotten.
DUBAN_LOGIN_MAX_FAILURES = env.int("DUBAN_LOGIN_MAX_FAILURES", default=5)
DUBAN_LOGIN_FIRST_LOCK_MINUTES = env.int("DUBAN_LOGIN_FIRST_LOCK_MINUTES", default=1)
DUBAN_LOGIN_LOCK_MINUTES = env.int("DUBAN_LOGIN_LOCK_MINUTES", default=15)
DUBAN_LOGIN_FAILURE_WINDOW_HOURS = env.int("DUBAN_LOGIN_FAILURE_WINDOW_HOURS", default=24)
DUBAN_NO_PROGRESS_SIMILARITY = env.float("DUBAN_NO_PROGRESS_SIMILARITY", default=0.9)  # 无新进展

# The audit trail (等保三级): kept at least 180 days; `audit_prune` refuses anything younger.
DUBAN_AUDIT_RETENTION_DAYS = env.int("DUBAN_AUDIT_RETENTION_DAYS", default=365)
# Each audit event is copied as one JSON line to the city's log-audit appliance, e.g.
# udp://10.0.0.5:514 (tcp:// too); empty: not copied. Attached by duban.core at start-up, not
# through LOGGING, so a settings module that rewrites LOGGING cannot lose it.
DUBAN_AUDIT_SYSLOG = env.str("DUBAN_AUDIT_SYSLOG", default="")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    # Counted in the shared cache (CACHES), so every app server sees the same counts; anonymous
    # requests and token sign-ins per client address (duban/accounts/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "duban.accounts.throttles.AnonAddressRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("DUBAN_API_ANON_RATE", default="60/min"),
        "user": env.str("DUBAN_API_USER_RATE", default="600/min"),
        # Token sign-ins per client address (the lock-out counts per account as well).
        "sign_in": env.str("DUBAN_API_SIGN_IN_RATE", default="10/min"),
    },
}
# API tokens (knox): stored as a hash, expiring, revoked by logout / logoutall and by a change
# of password (accounts.models.User.save).
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=env.int("DUBAN_API_TOKEN_HOURS", default=8)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "督办 duban API",
    "DESCRIPTION": "进展填报、审核与期次的 JSON 接口。",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# WeasyPrint narrates every rendering step at INFO; only its warnings matter.
# fontTools (cutting the CJK font down for PDFs) warns about tables it leaves out on purpose.
QUIET_LOGGERS: dict[str, dict[str, str]] = {
    "weasyprint": {"level": "WARNING"},
    "fontTools": {"level": "ERROR"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": QUIET_LOGGERS,
}
