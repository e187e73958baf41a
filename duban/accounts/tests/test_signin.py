"""Signing in: every attempt audited, lock-out after five failures, idle sessions, CSRF."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-2021"


@pytest.fixture
def liaison(db):
    return get_user_model().objects.create_user("zhang", password=PASSWORD, role="reviewer")


def login(client, password):
    return client.post(reverse("accounts:login"), {"username": "zhang", "password": password})


def test_sign_ins_and_failures_are_audited(client, liaison):
    login(client, "wrong")
    login(client, PASSWORD)
    failed = AuditEvent.objects.get(verb="accounts.login_failed")
    assert failed.target_label == "zhang"
    assert failed.success is False
    ok = AuditEvent.objects.get(verb="accounts.login")
    assert ok.actor == liaison


def test_lock_out_after_five_failures_even_with_the_right_password(client, liaison):
    for _ in range(5):
        login(client, "wrong")
    response = login(client, PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # After the lock window the right password works again.
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
    ):
        response = login(client, PASSWORD)
        assert response.status_code == 302


def test_a_success_resets_the_failure_count(client, liaison):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_idle_session_times_out(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("reporting:inbox")).status_code == 200
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=31)
    ):
        response = client.get(reverse("reporting:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_forms_need_the_csrf_token(liaison):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 403


def test_password_validators_refuse_weak_passwords():
    with pytest.raises(ValidationError):
        validate_password("12345678")
