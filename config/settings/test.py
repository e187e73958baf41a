"""The test suite: fast hashing, in-memory mail and cache, a temporary media root."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="duban-test-media-")
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Tests that need collected static files (whitenoise) use the finders instead.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Throttles count in the per-process cache, which outlives a test: the suite signs in far more
# often than a person would. duban/accounts/tests/test_api_tokens.py sets its own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "sign_in": "100000/min"},
}
# The sign-in steps after the password are tested on their own (accounts/tests/test_otp.py,
# test_password_expiry.py); every other test signs in with the password alone.
DUBAN_OTP_REQUIRED = False
DUBAN_PASSWORD_MAX_AGE_DAYS = 0
