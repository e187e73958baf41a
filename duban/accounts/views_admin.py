"""系统管理: the office admin creates accounts, sets role and unit, resets passwords and lifts
lock-outs; everyone changes their own password. Every write goes through `services.py`."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from duban.core.views import permission_required

from . import services
from .forms import AccountCreateForm, AccountForm, OwnPasswordChangeForm, PasswordResetByOfficeForm
from .permissions import can_manage_accounts
from .selectors import accounts_visible_to
from .services import login_is_locked, user_create, user_password_set, user_update

ACCOUNT_CREATED = "已创建账号“{name}”。"
ACCOUNT_SAVED = "已保存账号“{name}”。"
PASSWORD_RESET_DONE = "已重置账号“{name}”的密码,请将新密码告知本人。"  # noqa: S105 (a message)
ACCOUNT_UNLOCKED = "已解除账号“{name}”的登录锁定。"
OWN_PASSWORD_CHANGED = "密码已修改。"  # noqa: S105 (a message)

CRUMB = ("系统管理", reverse_lazy("accounts:account_list"))


@permission_required(can_manage_accounts)
def account_list(request: HttpRequest) -> HttpResponse:
    users = accounts_visible_to(request.user).select_related("department__government", "government")
    users = users.order_by("username")
    rows = [(user, login_is_locked(username=user.username)) for user in users]
    return render(
        request, "accounts/account_list.html", {"rows": rows, "crumbs": [("系统管理", "")]}
    )


@permission_required(can_manage_accounts)
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(
        request.POST if request.method == "POST" else None, manager=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_create(
            username=data["username"],
            password=data["new_password1"],
            role=data["role"],
            department=data["department"],
            government=_government(data),
            display_name=data["first_name"],
            email=data["email"],
            actor=request.user,
        )
        messages.success(request, _named(ACCOUNT_CREATED, user))
        return redirect("accounts:account_list")
    return _form_page(request, form, title="新建账号")


@permission_required(can_manage_accounts)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(accounts_visible_to(request.user), pk=pk)
    form = AccountForm(
        request.POST if request.method == "POST" else None, instance=user, manager=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form changed `user` in place while validating; the service writes and audits.
        user_update(
            user=get_user_model().objects.get(pk=pk),
            role=data["role"],
            department=data["department"],
            government=_government(data),
            display_name=data["first_name"],
            email=data["email"],
            is_active=data["is_active"],
            actor=request.user,
        )
        messages.success(request, _named(ACCOUNT_SAVED, user))
        return redirect("accounts:account_list")
    return _form_page(request, form, title=f"修改账号 {user.username}")


@permission_required(can_manage_accounts)
def account_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(accounts_visible_to(request.user), pk=pk)
    form = PasswordResetByOfficeForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        user_password_set(
            user=user, password=form.cleaned_data["new_password1"], actor=request.user
        )
        messages.success(request, _named(PASSWORD_RESET_DONE, user))
        return redirect("accounts:account_list")
    return _form_page(request, form, title=f"重置密码 {user.username}")


@permission_required(can_manage_accounts)
@require_POST
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(accounts_visible_to(request.user), pk=pk)
    services.account_unlock(user=user, actor=request.user)
    messages.success(request, _named(ACCOUNT_UNLOCKED, user))
    return redirect("accounts:account_list")


def _named(message: str, user: Any) -> str:
    """The message with the username marked as data (a name, not the page's own words)."""
    return format_html(message, name=format_html('<span class="username">{}</span>', user.username))


def _government(data: dict[str, Any]) -> Any:
    """A department account's government is its unit's: the field stays empty for it."""
    return None if data["department"] is not None else data["government"]


def _form_page(request: HttpRequest, form: Any, *, title: str) -> HttpResponse:
    return render(
        request,
        "accounts/account_form.html",
        {"form": form, "title": title, "crumbs": [CRUMB, (title, "")]},
    )


class OwnPasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    template_name = "accounts/account_form.html"
    form_class = OwnPasswordChangeForm
    extra_context = {"title": "修改密码", "crumbs": [("修改密码", "")]}

    def form_valid(self, form: Any) -> HttpResponse:
        user = user_password_set(
            user=self.request.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.user,
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, OWN_PASSWORD_CHANGED)
        return redirect(reverse("home"))
