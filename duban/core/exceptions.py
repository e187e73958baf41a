"""The one error type services raise. Views show its message; the API turns it into HTTP 400."""

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to the user, in Chinese."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
