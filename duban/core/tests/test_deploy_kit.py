"""The deployment kit agrees with the code: timers run real commands, nginx takes uploads."""

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from duban.core.schedule import SCHEDULE

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


@pytest.mark.parametrize("periodic", SCHEDULE, ids=lambda periodic: periodic.timer)
def test_every_periodic_command_exists_and_has_its_timer(periodic):
    assert periodic.command[0] in get_commands()
    timer = (DEPLOY / "systemd" / f"duban-{periodic.timer}.timer").read_text()
    service = (DEPLOY / "systemd" / f"duban-{periodic.timer}.service").read_text()
    assert f"OnCalendar={periodic.on_calendar}\n" in timer
    assert f"manage.py {' '.join(periodic.command)}\n" in service


def test_nginx_takes_the_largest_upload_duban_accepts():
    site = (DEPLOY / "nginx" / "duban.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", site)
    assert limit is not None
    megabytes = int(limit[1])
    assert megabytes * 1024 * 1024 >= settings.DUBAN_MAX_UPLOAD_BYTES


def test_gunicorn_takes_its_trusted_proxy_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_FORWARDED_ALLOW_IPS", "10.0.0.2")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["forwarded_allow_ips"] == "10.0.0.2"
    assert config["workers"] == 3
    assert config["worker_class"] == "gthread"


def test_env_example_documents_every_variable_read():
    root = DEPLOY.parent
    settings_text = "".join(path.read_text() for path in (root / "config").rglob("*.py"))
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"', settings_text))
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    read |= set(re.findall(r'(?:environ\.get|_int)\(\s*"([A-Z][A-Z0-9_]+)"', gunicorn))
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M)
    )
    assert read - documented == set()
    assert {"CACHE_URL", "DUBAN_TRUSTED_PROXIES", "GUNICORN_WORKERS"} <= read
