"""Two-factor sign-in: the office must enrol and verify after the password, departments may."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.otp import (
    BACKUP_CODE_COUNT,
    CODE_INVALID,
    CODE_THROTTLED,
    SECOND_FACTOR_NEEDED,
)
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Zheng-que-de-mima-2021"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.DUBAN_OTP_REQUIRED = True


def _user(role, department=None, username=None):
    from duban.orgs.models import Department

    unit = Department.objects.get(name=department) if department else None
    return get_user_model().objects.create_user(
        username or role, password=PASSWORD, role=role, department=unit
    )


def _sign_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client, user) -> list[str]:
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(reverse("accounts:otp_setup"), {"token": _code(device), "next": "/x/"})
    assert page.status_code == 200
    return page.context["codes"]


@pytest.mark.parametrize("role", ["office_admin", "reviewer", "audit_admin", "system_admin"])
def test_office_and_administrators_are_sent_to_enrolment_after_the_password(client, role):
    user = _user(role)
    _sign_in(client, user)
    page = client.get(reverse("notifications:notification_list"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:otp_setup") + "?next=")


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_the_first_code(client):
    user = _user("reviewer")
    _sign_in(client, user)
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page
    assert "<img" not in page  # drawn here, nothing fetched
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert CODE_INVALID in wrong.content.decode()
    # A wrong code holds the device back a second (throttling); the test does not wait.
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    codes = _enrol(client, user)
    assert len(codes) == BACKUP_CODE_COUNT
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get(reverse("notifications:notification_list")).status_code == 200
    verbs = list(AuditEvent.objects.filter(actor=user).values_list("verb", flat=True))
    assert "accounts.otp_enrol" in verbs
    assert "accounts.otp_failed" in verbs


def test_the_next_sign_in_asks_for_a_code_and_a_backup_code_works_once(client):
    user = _user("office_admin")
    _sign_in(client, user)
    codes = _enrol(client, user)
    client.logout()

    _sign_in(client, user)
    sent = client.get(reverse("reporting:inbox"))
    assert sent.url.startswith(reverse("accounts:otp_verify"))
    answer = client.post(
        reverse("accounts:otp_verify"), {"token": codes[0], "next": reverse("reporting:inbox")}
    )
    assert answer.status_code == 302
    assert answer.url == reverse("reporting:inbox")
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.logout()

    _sign_in(client, user)
    again = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert CODE_INVALID in again.content.decode()
    device = TOTPDevice.objects.get(user=user)
    device.refresh_from_db()
    device.last_t = -1  # the enrolment used this time step's code
    device.throttling_failure_count = 0
    device.save()
    assert client.post(reverse("accounts:otp_verify"), {"token": _code(device)}).status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.otp_verify", actor=user).count() == 2


def test_repeated_wrong_codes_are_throttled(client):
    user = _user("reviewer")
    _sign_in(client, user)
    _enrol(client, user)
    client.logout()
    _sign_in(client, user)
    messages = [
        client.post(reverse("accounts:otp_verify"), {"token": "000000"}).context["error"]
        for _ in range(3)
    ]
    assert messages[0] == CODE_INVALID
    assert messages[-1] == CODE_THROTTLED


def test_the_api_refuses_an_unverified_session_with_json(client):
    _sign_in(client, _user("reviewer"))
    response = client.get(reverse("api:period_list"))
    assert response.status_code == 403
    assert response.json() == {"detail": SECOND_FACTOR_NEEDED}


def test_departments_are_not_asked_until_they_enrol(client, seed_period):
    user = _user("liaison", "市商务局")
    _sign_in(client, user)
    assert client.get(reverse("reporting:inbox")).status_code == 200
    _enrol(client, user)
    client.logout()
    _sign_in(client, user)
    assert client.get(reverse("reporting:inbox")).url.startswith(reverse("accounts:otp_verify"))


def test_the_security_admin_resets_a_lost_device(client):
    user = _user("reviewer")
    _sign_in(client, user)
    _enrol(client, user)
    client.logout()
    security = _user("security_admin")
    security.otp_device = None
    client.force_login(security)
    # The 安全管理员 is an administrator too: verified first.
    _enrol(client, security)
    response = client.post(reverse("accounts:otp_reset", args=[user.pk]))
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(verb="accounts.otp_reset")
    assert event.actor == security
    assert event.target_id == str(user.pk)


@pytest.mark.parametrize("role", ["office_admin", "system_admin", "audit_admin"])
def test_only_the_security_admin_resets(client, role):
    user = _user("reviewer")
    client.force_login(_user(role, username="someone"))
    _enrol(client, get_user_model().objects.get(username="someone"))
    assert client.post(reverse("accounts:otp_reset", args=[user.pk])).status_code == 403


def test_new_backup_codes_replace_the_old(client):
    user = _user("reviewer")
    _sign_in(client, user)
    old = _enrol(client, user)
    new = client.post(reverse("accounts:otp_backup_codes")).context["codes"]
    assert set(old).isdisjoint(new)
    assert StaticToken.objects.filter(device__user=user).count() == BACKUP_CODE_COUNT
    assert AuditEvent.objects.filter(verb="accounts.otp_backup_codes").exists()


def test_the_public_pages_do_not_read_the_session(client, seed_publication):
    response = client.get(reverse("publishing:publication_list"))
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
