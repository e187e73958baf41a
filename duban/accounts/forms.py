"""The office's account forms (系统管理) and the password forms, with Chinese messages."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm

from .models import DEPARTMENT_ROLES

DEPARTMENT_NEEDED = "“所属单位”:部门联络员和部门负责人必须选择所属单位。"
USERNAME_TAKEN = "“用户名”:该用户名已被使用。"
PASSWORDS_DIFFER = "“确认新密码”:两次输入的密码不一致。"
OLD_PASSWORD_WRONG = "“原密码”:原密码不正确,请重新输入。"  # noqa: S105 (a message)


class _NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="确认新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _check_new_password(self, user: Any) -> None:
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", PASSWORDS_DIFFER)
            return
        if first:
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)


class AccountForm(forms.ModelForm):
    """Role and unit as the office sets them; a department role needs its unit."""

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "email", "role", "department", "is_active"]
        labels = {
            "username": "用户名",
            "first_name": "姓名",
            "email": "电子邮箱",
            "is_active": "允许登录",
        }
        help_texts = {"username": "", "is_active": ""}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["username"].error_messages["unique"] = USERNAME_TAKEN
        if self.instance.pk:
            self.fields["username"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") in DEPARTMENT_ROLES and not cleaned.get("department"):
            self.add_error("department", DEPARTMENT_NEEDED)
        return cleaned


class AccountCreateForm(_NewPasswordMixin, AccountForm):
    class Meta(AccountForm.Meta):
        fields = ["username", "first_name", "email", "role", "department"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._check_new_password(
            get_user_model()(
                username=cleaned.get("username") or "", first_name=cleaned.get("first_name") or ""
            )
        )
        return cleaned


class PasswordResetByOfficeForm(_NewPasswordMixin):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_new_password(self.user)
        return cleaned


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the field labels and messages in the office's words."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": OLD_PASSWORD_WRONG,
        "password_mismatch": PASSWORDS_DIFFER,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = ""
        self.fields["new_password2"].label = "确认新密码"
        self.fields["new_password2"].help_text = ""

    def save(self, commit: bool = True) -> Any:
        # The view saves through the audited service instead.
        raise NotImplementedError
