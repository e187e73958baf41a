"""The sign-in page. The lock-out and the audit live in the authentication backend
(`backends.py`), which every sign-in path shares; this form only says why it refused."""

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from .backends import locked_minutes_of
from .landing import landing_url
from .services import LOCKED_MESSAGE

INVALID_LOGIN_MESSAGE = "用户名或密码不正确,请重新输入。"


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN_MESSAGE,
        "inactive": "该账号已停用。",
        "locked": LOCKED_MESSAGE,
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            minutes = locked_minutes_of(self.request)
            if minutes:
                raise forms.ValidationError(
                    self.error_messages["locked"].format(minutes=minutes), code="locked"
                ) from None
            raise


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return self.get_redirect_url() or landing_url(self.request.user)
