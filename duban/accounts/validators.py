"""Password rules whose messages Django does not ship in Chinese (docs/decisions/0022)."""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

PASSWORD_TOO_SHORT = "“密码”:密码太短,至少需要 {min_length} 个字符。"  # noqa: S105 (a message)
PASSWORD_LENGTH_HELP = "密码至少需要 {min_length} 个字符。"  # noqa: S105 (a message)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                PASSWORD_TOO_SHORT.format(min_length=self.min_length),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return PASSWORD_LENGTH_HELP.format(min_length=self.min_length)
