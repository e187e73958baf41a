"""Settings and request plumbing for several hosts behind a proxy."""

import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from config.secret_key import SECRET_KEY_REFUSED
from duban.core.http import client_address
from duban.core.logging import JsonFormatter, RequestContextFilter, RequestIdMiddleware

BASE_DIR = Path(__file__).resolve().parents[3]
STRONG_KEY = "k3Yq0-very-long-random-production-key_9f8e7d6c5b4a3928171605"


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.5", "", "10.0.0.5"),
        ([], "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # no trusted proxy: the header is ignored
        (["127.0.0.1"], "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # not from the proxy: ignored
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # left part is forged
        (["127.0.0.1", "10.1.0.0/16"], "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.2.3", "1.2.3.4"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "127.0.0.1", "127.0.0.1"),
    ],
)
def test_client_address_believes_only_trusted_proxies(trusted, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(DUBAN_TRUSTED_PROXIES=trusted):
        assert client_address(request) == expected


def test_request_id_is_echoed_or_made():
    middleware = RequestIdMiddleware(lambda request: __import__("django").http.HttpResponse())
    kept = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123"))
    assert kept["X-Request-ID"] == "abc-123"
    forged = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="x\n{evil}"))
    assert forged["X-Request-ID"] != "x\n{evil}"
    assert len(forged["X-Request-ID"]) == 32
    made = middleware(RequestFactory().get("/"))
    assert len(made["X-Request-ID"]) == 32


def test_log_lines_are_json_with_request_id_and_user(django_user_model):
    records: list[str] = []
    formatter = JsonFormatter()

    def view(request):
        request.user = django_user_model(username="liaison1")
        record = logging.LogRecord("duban", logging.WARNING, __file__, 1, "保存 %s", ("ok",), None)
        RequestContextFilter().filter(record)
        records.append(formatter.format(record))
        from django.http import HttpResponse

        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="rid-7"))
    line = json.loads(records[0])
    assert line["request_id"] == "rid-7"
    assert line["user"] == "liaison1"
    assert line["message"] == "保存 ok"
    assert line["level"] == "WARNING"


def _prod(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod", ALLOWED_HOSTS="duban.example.gov.cn"
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("key", ["", "short", "change-me-to-a-long-random-string" * 2, "a" * 60])
def test_production_refuses_a_missing_or_weak_secret_key(key):
    result = _prod(["check"], SECRET_KEY=key)
    assert result.returncode != 0
    assert SECRET_KEY_REFUSED in result.stderr


def test_production_passes_the_deploy_check():
    result = _prod(["check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_redis_cache_url_gives_django_redis_cache():
    script = (
        "from django.conf import settings; from django.core.cache import cache;"
        "print(settings.CACHES['default']['BACKEND']);"
        "cache.set('duban-settings-test', 'ok', 5); print(cache.get('duban-settings-test'))"
    )
    result = _prod(
        ["shell", "--no-imports", "-c", script],
        SECRET_KEY=STRONG_KEY,
        CACHE_URL="rediscache://127.0.0.1:6379/7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "ok"]


def test_production_mails_server_errors_to_admins():
    script = (
        "import logging; from django.core import mail;"
        "logging.getLogger('django.request').error('Internal Server Error: /x');"
        "print(len(mail.outbox), mail.outbox[0].to)"
    )
    result = _prod(
        ["shell", "--no-imports", "-c", script],
        SECRET_KEY=STRONG_KEY,
        DUBAN_ADMINS="ops@example.gov.cn",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("1 ['ops@example.gov.cn']")
    assert '"level": "ERROR"' in result.stderr  # the same error, as a JSON line
