"""Two-factor sign-in (TOTP with backup codes) after the password, for 等保三级.

The office (admin, reviewer), the leaders' readers aside, and the three administrators must
verify a one-time code from an authenticator app after the password; department users may
enrol and are then asked too (decision 0028). The password step knows nothing of this:
`SecondFactorMiddleware` sends a signed-in user who still needs the second factor to the
verification page (or to enrolment, without a device) before any other page.

Devices are django-otp's: one confirmed `TOTPDevice` (named 身份验证器) and one `StaticDevice`
holding the backup codes (备用码), each usable once.
"""

from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb

from .models import SECOND_FACTOR_ROLES
from .permissions import role_of

TOTP_DEVICE_NAME: Final = "身份验证器"
BACKUP_DEVICE_NAME: Final = "备用码"
BACKUP_CODE_COUNT: Final = 10
CODE_INVALID: Final = (
    "验证码不正确或已过期,请输入身份验证器上当前显示的 6 位数字或一个未用过的备用码。"
)
CODE_THROTTLED: Final = "验证码错误次数过多,请稍后再试。"
SECOND_FACTOR_NEEDED: Final = "请先完成两步验证。"

# Pages a user who has not passed the second factor may still open.
_EXEMPT_URL_NAMES: Final = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "set_language",
}
_EXEMPT_NAMESPACES: Final = {"publishing"}  # the public pages


def second_factor_required() -> bool:
    return bool(getattr(settings, "DUBAN_OTP_REQUIRED", True))


def has_confirmed_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def needs_second_factor(user: Any) -> bool:
    """The office, the administrators and superusers always; others once they have enrolled."""
    return (
        role_of(user) in SECOND_FACTOR_ROLES
        or bool(getattr(user, "is_superuser", False))
        or has_confirmed_device(user)
    )


def is_exempt(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True
    return match.view_name in _EXEMPT_URL_NAMES or match.namespace in _EXEMPT_NAMESPACES


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """After django-otp's `OTPMiddleware`: no page past the password without the second factor.

    A session without a verified device is sent to verification (or enrolment, when the user
    has no device yet); the API answers 403 instead of a redirect. Token-authenticated API
    calls are not signed-in sessions and pass: tokens are issued after the sign-in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Exempt pages first: the public pages must not read the session (Vary: Cookie).
        if not second_factor_required() or is_exempt(request):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_verified() or not needs_second_factor(user):
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "api":
            return JsonResponse({"detail": SECOND_FACTOR_NEEDED}, status=403)
        if has_confirmed_device(user):
            return redirect(_with_next("accounts:otp_verify", request))
        return redirect(_with_next("accounts:otp_setup", request))


def totp_device_for_enrolment(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first visit to the enrolment page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (no network, no image)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def _new_backup_codes(*, user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_enrol(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with its first code; the session counts as verified. Returns
    the new backup codes (shown once). Raises ValueError(CODE_INVALID) for a wrong code."""
    user = request.user
    if not device.verify_token(token.strip().replace(" ", "")):
        record_event(actor=user, verb=AuditVerb.OTP_FAILED, success=False, reason="启用时")
        raise ValueError(CODE_INVALID)
    with transaction.atomic():
        return _enrol_confirmed(request=request, device=device)


def _enrol_confirmed(*, request: HttpRequest, device: TOTPDevice) -> list[str]:
    user = device.user
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator each
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    codes = _new_backup_codes(user=user)
    otp_login(request, device)
    record_event(actor=user, verb=AuditVerb.OTP_ENROL, target=user)
    return codes


def second_factor_verify(*, request: HttpRequest, token: str) -> None:
    """Check a code from the authenticator or a backup code (each backup code works once).

    Raises ValueError(CODE_INVALID or CODE_THROTTLED); every attempt is audited.
    """
    user = request.user
    token = token.strip().replace(" ", "")
    # Six digits are the authenticator's; anything else is a backup code. Trying one kind on
    # the other's device would count as that device's failure and throttle it.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    throttled = False
    for device in devices_for_user(user, confirmed=True):
        if not isinstance(device, kind):
            continue
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            otp_login(request, device)
            backup = isinstance(device, StaticDevice)
            record_event(
                actor=user,
                verb=AuditVerb.OTP_VERIFY,
                after={"method": "备用码" if backup else "身份验证器"},
            )
            return
    record_event(
        actor=user,
        verb=AuditVerb.OTP_FAILED,
        success=False,
        reason="错误次数过多" if throttled else "验证码错误",
    )
    raise ValueError(CODE_THROTTLED if throttled else CODE_INVALID)


def backup_codes_renew(*, user: Any) -> list[str]:
    """New backup codes for a signed-in, verified user; the old ones stop working."""
    codes = _new_backup_codes(user=user)
    record_event(actor=user, verb=AuditVerb.OTP_BACKUP_CODES, target=user)
    return codes


@transaction.atomic
def second_factor_reset(*, user: Any, actor: Any) -> None:
    """The 安全管理员 removes a user's devices (a lost phone): the user enrols again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    record_event(actor=actor, verb=AuditVerb.OTP_RESET, target=user)
