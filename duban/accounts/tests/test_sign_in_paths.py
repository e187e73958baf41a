"""Every sign-in path passes one lock-out: per (account, address), backing off, never forever."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from duban.accounts.services import LockoutPolicy, account_unlock
from duban.core.audit import SYSTEM
from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-2021"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture
def office_admin(db):
    return get_user_model().objects.create_user(
        "boss", password=PASSWORD, role="office_admin", is_staff=True, is_superuser=True
    )


def page_login(password, address=OWNER, path=None):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        path or reverse("accounts:login"), {"username": "boss", "password": password}
    )
    return client, response


def admin_login(password, address=OWNER):
    return page_login(password, address, path=reverse("admin:login"))


def signed_in(client):
    return "_auth_user_id" in client.session


def later(minutes):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def test_the_admin_sign_in_is_locked_and_audited(office_admin):
    for _ in range(8):
        admin_login("wrong")
    client, _ = admin_login(PASSWORD)
    assert not signed_in(client)
    assert AuditEvent.objects.filter(verb="accounts.login_failed", target_label="boss").count() >= 5
    assert AuditEvent.objects.filter(verb="accounts.login_locked", target_label="boss").exists()


def test_a_lock_from_the_sign_in_page_holds_at_the_admin_and_the_api(office_admin):
    for _ in range(5):
        page_login("wrong")
    client, _ = admin_login(PASSWORD)
    assert not signed_in(client)
    api = APIClient(REMOTE_ADDR=OWNER).post(
        "/api/v1/auth/token/", {"username": "boss", "password": PASSWORD}
    )
    assert api.status_code == 403
    assert "登录失败次数过多" in api.json()["detail"]


def test_admin_sign_in_success_is_audited(office_admin):
    client, _ = admin_login(PASSWORD)
    assert signed_in(client)
    assert AuditEvent.objects.filter(verb="accounts.login", actor=office_admin).exists()


def test_attempts_during_a_lock_do_not_extend_it(office_admin):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            page_login("wrong", ATTACKER)
    # The attacker keeps hammering through the whole lock, right password or not.
    for second in range(5, 60, 5):
        with time_machine.travel(start + datetime.timedelta(seconds=second), tick=False):
            _, response = page_login("wrong", ATTACKER)
            assert "登录失败次数过多" in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        client, _ = page_login(PASSWORD, ATTACKER)
        assert signed_in(client)


def test_a_stranger_address_does_not_lock_the_owner_out(office_admin):
    for _ in range(20):
        page_login("wrong", ATTACKER)
    client, _ = page_login(PASSWORD, OWNER)
    assert signed_in(client)


def test_back_off_doubles_and_is_capped():
    policy = LockoutPolicy(
        max_failures=5, first_lock_minutes=1, max_lock_minutes=15, window_hours=24
    )
    assert [policy.lock_minutes(n) for n in range(4, 12)] == [0, 1, 2, 4, 8, 15, 15, 15]


def test_each_failure_after_a_lock_doubles_the_wait(office_admin):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            page_login("wrong", ATTACKER)
    with time_machine.travel(start + datetime.timedelta(minutes=1, seconds=1), tick=False):
        _, response = page_login("wrong", ATTACKER)  # the sixth failure: two minutes now
        assert "用户名或密码不正确" in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=2, seconds=30), tick=False):
        client, response = page_login(PASSWORD, ATTACKER)
        assert not signed_in(client)
        assert "请 1 分钟后再试" in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=3, seconds=2), tick=False):
        client, _ = page_login(PASSWORD, ATTACKER)
        assert signed_in(client)


def test_the_office_can_unlock(office_admin):
    for _ in range(9):
        page_login("wrong", ATTACKER)
    account_unlock(user=office_admin, actor=SYSTEM)
    client, _ = page_login(PASSWORD, ATTACKER)
    assert signed_in(client)
    assert AuditEvent.objects.filter(verb="accounts.unlock", target_label="boss").exists()


@override_settings(DUBAN_TRUSTED_PROXIES=["127.0.0.1"])
def test_the_address_comes_from_the_trusted_proxy(office_admin):
    behind_proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        behind_proxy.post(
            reverse("accounts:login"),
            {"username": "boss", "password": "wrong"},
            headers={"X-Forwarded-For": ATTACKER},
        )
    failed = AuditEvent.objects.filter(verb="accounts.login_failed").earliest("pk")
    assert failed.after is not None
    assert failed.after["ip"] == ATTACKER
    owner = Client(REMOTE_ADDR="127.0.0.1")
    owner.post(
        reverse("accounts:login"),
        {"username": "boss", "password": PASSWORD},
        headers={"X-Forwarded-For": OWNER},
    )
    assert signed_in(owner)


def test_an_untrusted_sender_cannot_choose_its_address(office_admin):
    for n in range(6):
        Client(REMOTE_ADDR=ATTACKER).post(
            reverse("accounts:login"),
            {"username": "boss", "password": "wrong"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
    assert set(
        AuditEvent.objects.filter(verb="accounts.login_failed").values_list("after__ip", flat=True)
    ) == {ATTACKER}
