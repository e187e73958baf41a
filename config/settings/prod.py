"""Production: everything from the environment; refuses to start without a strong secret key.

Behind the nginx site in deploy/nginx: TLS ends at nginx, which says so in X-Forwarded-Proto.
`manage.py check --deploy` is clean with these defaults (tests/test_prod_settings.py).
"""

from django.core.exceptions import ImproperlyConfigured

from config.secret_key import SECRET_KEY_REFUSED, secret_key_is_strong

from .base import *  # noqa: F403
from .base import LOGGING, QUIET_LOGGERS, SECRET_KEY, STORAGES, env

if not secret_key_is_strong(SECRET_KEY):
    raise ImproperlyConfigured(SECRET_KEY_REFUSED)

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer asks over plain HTTP on the intranet; it must get the answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
# Off by default: other sites under the government's domain are run by other people, and
# HSTS on them is theirs to decide. The preload list serves the public internet, not intranets.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

STORAGES = {
    **STORAGES,
    # Hashed names, plus gzip and brotli copies made once by collectstatic (minutes on two
    # busy cores: the API documentation's scripts are large). A machine that only tests
    # (make prod-smoke) may choose Django's ManifestStaticFilesStorage instead.
    "staticfiles": {
        "BACKEND": env.str(
            "DUBAN_STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# One JSON object a line on stderr (journald keeps it), with the request id and the user.
# Server errors also go by mail to ADMINS: Django's own logging does that for the "django"
# loggers when DEBUG is off (a second handler here would send every mail twice).
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "duban.core.logging.JsonFormatter"}},
    "filters": {"request_context": {"()": "duban.core.logging.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
        },
    },
    "loggers": QUIET_LOGGERS,
}
