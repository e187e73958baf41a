"""/healthz answers the load balancer: 200 when the database, cache and queue are well, else 503."""

import datetime
import json
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _waiting_job(seconds: int) -> None:
    row = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="duban.reporting.jobs.send_reminders_job",
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_healthy_without_sign_in_and_without_secrets(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "worker"}
    assert "no-cache" in response["Cache-Control"]
    assert "X-Request-ID" in response


def test_a_failing_database_is_a_503_naming_only_the_error_class(client):
    with mock.patch(
        "duban.core.health.connection.cursor", side_effect=OSError("db.internal:5432 refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["database"] == {"ok": False, "error": "OSError", "ms": mock.ANY}
    assert "db.internal" not in response.content.decode()


def test_a_cache_that_keeps_nothing_is_a_503(client):
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"]["ok"] is False


@override_settings(TASKS=DB_QUEUE, DUBAN_HEALTH_QUEUE_LAG_SECONDS=300)
def test_a_job_waiting_too_long_means_no_worker(client):
    _waiting_job(seconds=30)
    assert client.get("/healthz").status_code == 200
    _waiting_job(seconds=900)
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = json.loads(response.content)["checks"]["worker"]
    assert worker["waiting"] == 2
    assert worker["oldest_waiting_seconds"] >= 900


def test_a_probe_job_counts_its_runs():
    from django.core.cache import cache

    from duban.core.jobs import probe_job, probe_key

    cache.delete(probe_key("t1"))
    assert probe_job.enqueue("t1").return_value == 1
    assert probe_job.enqueue("t1").return_value == 2
