"""Sign-in with lock-out after repeated failures; every attempt goes to the audit trail."""

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse

from duban.core.http import client_address

from .landing import landing_url
from .services import LOCKED_MESSAGE, lockout_settings, login_is_locked, login_record


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确,请重新输入。",
        "inactive": "该账号已停用。",
        "locked": LOCKED_MESSAGE,
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and login_is_locked(username=username):
            login_record(
                username=username,
                user=None,
                success=False,
                ip=client_address(self.request),
                reason="账号已锁定",
            )
            raise forms.ValidationError(
                self.error_messages["locked"].format(minutes=lockout_settings()[1]), code="locked"
            )
        try:
            return super().clean()
        except forms.ValidationError:
            login_record(
                username=username,
                user=None,
                success=False,
                ip=client_address(self.request),
                reason="用户名或密码错误",
            )
            raise


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        login_record(
            username=user.get_username(), user=user, success=True, ip=client_address(self.request)
        )
        return response

    def get_success_url(self) -> str:
        return self.get_redirect_url() or landing_url(self.request.user)
