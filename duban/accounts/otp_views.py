"""The second-factor pages: enrolment (QR code, first code, backup codes), verification after
the password, new backup codes, and the 安全管理员's reset of someone's devices."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.core.views import permission_required

from .landing import landing_url
from .otp import (
    backup_codes_renew,
    has_confirmed_device,
    qr_code_svg,
    second_factor_enrol,
    second_factor_reset,
    second_factor_verify,
    totp_device_for_enrolment,
)
from .permissions import can_manage_security
from .selectors import accounts_visible_to


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return landing_url(request.user)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    device = totp_device_for_enrolment(user=request.user)
    error = ""
    if request.method == "POST":
        try:
            codes = second_factor_enrol(
                request=request, device=device, token=request.POST.get("token", "")
            )
        except ValueError as refused:
            error = str(refused)
        else:
            return render(
                request,
                "accounts/otp_backup_codes.html",
                {"codes": codes, "next": _next_url(request), "enrolled": True},
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "qr_svg": qr_code_svg(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "error": error,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "replacing": has_confirmed_device(request.user),
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not has_confirmed_device(request.user):
        return redirect("accounts:otp_setup")
    error = ""
    if request.method == "POST":
        try:
            second_factor_verify(request=request, token=request.POST.get("token", ""))
        except ValueError as refused:
            error = str(refused)
        else:
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
@login_required
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    # The middleware has verified this session (or the second factor is off).
    codes = backup_codes_renew(user=request.user)
    return render(
        request,
        "accounts/otp_backup_codes.html",
        {"codes": codes, "next": landing_url(request.user), "enrolled": False},
    )


@permission_required(can_manage_security)
@require_POST
def otp_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(accounts_visible_to(request.user), pk=user_id)
    second_factor_reset(user=user, actor=request.user)
    return render(request, "accounts/otp_reset_done.html", {"account": user})
