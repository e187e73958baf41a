"""A developer's machine: DEBUG on, local hosts, a fixed non-secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-duban")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo accounts sign in with the password alone unless a developer turns this on.
DUBAN_OTP_REQUIRED = env.bool("DUBAN_OTP_REQUIRED", default=False)
