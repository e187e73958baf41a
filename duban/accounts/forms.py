"""The office's account forms (系统管理) and the password forms, with Chinese messages."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Q, QuerySet

from .models import DEPARTMENT_ROLES, GOVERNMENT_ROLES
from .selectors import government_id_of, is_instance_wide, several_governments

DEPARTMENT_NEEDED = "“所属单位”:部门联络员和部门负责人必须选择所属单位。"
GOVERNMENT_NEEDED = "“所属政府”:本系统有多个政府,督查室和领导账号必须选择所属政府。"
DEPARTMENT_OF_ANOTHER_GOVERNMENT = "“所属单位”:所选单位不属于所选政府。"

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
        fields = [
            "username",
            "first_name",
            "email",
            "role",
            "government",
            "department",
            "is_active",
        ]
        labels = {
            "username": "用户名",
            "first_name": "姓名",
            "email": "电子邮箱",
            "is_active": "允许登录",
        }
        help_texts = {"username": "", "is_active": ""}

    def __init__(self, *args: Any, manager: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["username"].error_messages["unique"] = USERNAME_TAKEN
        if self.instance.pk:
            self.fields["username"].disabled = True
        government = cast(forms.ModelChoiceField, self.fields["government"])
        department = cast(forms.ModelChoiceField, self.fields["department"])
        government.help_text = "督查室和领导账号所属的政府;部门账号随所属单位"
        if not is_instance_wide(manager):
            # A government's own manager creates accounts of that government only.
            own = government_id_of(user=manager)
            government.queryset = cast(QuerySet[Any], government.queryset).filter(pk=own)
            government.initial, government.disabled = own, True
            department.queryset = cast(QuerySet[Any], department.queryset).filter(
                Q(government_id=own) | Q(pk=own)
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, government, unit = (
            cleaned.get("role"),
            cleaned.get("government"),
            cleaned.get("department"),
        )
        if role in DEPARTMENT_ROLES and not unit:
            self.add_error("department", DEPARTMENT_NEEDED)
        if role in GOVERNMENT_ROLES and government is None and several_governments():
            self.add_error("government", GOVERNMENT_NEEDED)
        if (
            government is not None
            and unit is not None
            and government.pk
            not in (
                unit.government_id,
                unit.pk,
            )
        ):
            self.add_error("department", DEPARTMENT_OF_ANOTHER_GOVERNMENT)
        return cleaned


class AccountCreateForm(_NewPasswordMixin, AccountForm):
    class Meta(AccountForm.Meta):
        fields = ["username", "first_name", "email", "role", "government", "department"]

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
