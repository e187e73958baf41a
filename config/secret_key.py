"""What production accepts as SECRET_KEY; kept apart from prod.py so tests can import it."""

# A message, not a password.
SECRET_KEY_REFUSED = (
    "SECRET_KEY is missing or weak: set it in the environment to at least 50 random characters "  # noqa: S105
    "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
)
_PLACEHOLDER_MARKS = ("change-me", "django-insecure", "not-secret", "dev-only", "test-only")


def secret_key_is_strong(key: str) -> bool:
    """Long, varied and not one of the examples in this repository."""
    lowered = key.lower()
    return (
        len(key) >= 50
        and len(set(key)) >= 5
        and not any(mark in lowered for mark in _PLACEHOLDER_MARKS)
    )
