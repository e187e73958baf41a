"""API tokens: hashed, expiring, revocable, gone with a password change; sign-in throttled."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from duban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Liaison-pass-2021"


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("rev", password=PASSWORD, role="reviewer")


def token_for(client=None):
    client = client or APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "rev", "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def authed(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_tokens_are_stored_hashed(reviewer):
    token = token_for()
    stored = AuthToken.objects.get(user=reviewer)
    assert token not in (stored.digest, stored.token_key)
    assert stored.expiry is not None


def test_tokens_expire(reviewer):
    token = token_for()
    assert authed(token).get("/api/v1/periods/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=9)):
        assert authed(token).get("/api/v1/periods/").status_code == 401


def test_logout_revokes_the_token_used(reviewer):
    first, second = token_for(), token_for()
    assert authed(first).post("/api/v1/auth/logout/").status_code == 204
    assert authed(first).get("/api/v1/periods/").status_code == 401
    assert authed(second).get("/api/v1/periods/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.token_revoke", actor=reviewer).exists()


def test_logoutall_revokes_every_token(reviewer):
    first, second = token_for(), token_for()
    assert authed(first).post("/api/v1/auth/logoutall/").status_code == 204
    assert authed(second).get("/api/v1/periods/").status_code == 401


def test_a_password_change_ends_every_token(reviewer):
    token = token_for()
    reviewer.set_password("Another-pass-2022")
    reviewer.save()
    assert authed(token).get("/api/v1/periods/").status_code == 401


def test_saving_a_user_without_a_new_password_keeps_tokens(reviewer):
    token = token_for()
    reviewer.first_name = "新名"
    reviewer.save()
    assert authed(token).get("/api/v1/periods/").status_code == 200


def test_the_token_endpoint_is_throttled(reviewer, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "sign_in", "3/min")
    client = APIClient()
    codes = [
        client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    cache.clear()


def test_the_api_is_throttled_per_user(reviewer, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/min")
    client = authed(token_for())
    codes = [client.get("/api/v1/periods/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


def test_sign_in_throttle_counts_each_client_behind_the_proxy(reviewer, monkeypatch, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DUBAN_TRUSTED_PROXIES = ["127.0.0.1"]
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "sign_in", "2/min")
    proxy = APIClient(REMOTE_ADDR="127.0.0.1")

    def attempt(address):
        return proxy.post(
            "/api/v1/auth/token/",
            {"username": "x", "password": "y"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [attempt("203.0.113.9") for _ in range(3)] == [400, 400, 429]
    assert attempt("198.51.100.7") == 400  # another person behind the same proxy
    cache.clear()
