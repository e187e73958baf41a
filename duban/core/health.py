"""/healthz: what a load balancer asks before it sends people to this app server.

Three checks, each answered with facts and no secrets: the database answers, the cache keeps
a value, and the job queue is being worked. The worker writes no heartbeat of its own, so the
honest question is "is any job waiting longer than it should?": an idle worker and a dead one
look the same while the queue is empty, and only a waiting job tells them apart. The age of
the newest finished job is reported beside it as a hint.
"""

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

# A job waiting longer than this means no worker is taking jobs.
DEFAULT_QUEUE_LAG_SECONDS = 300
_WAITING_SAMPLE = 50


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_cache() -> dict[str, Any]:
    key, value = "duban:healthz:" + uuid.uuid4().hex, uuid.uuid4().hex
    cache.set(key, value, 30)
    kept = cache.get(key) == value
    cache.delete(key)
    return {"ok": kept}


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def check_worker() -> dict[str, Any]:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    if not backend.startswith("django_tasks_db."):
        return {"ok": True, "queue": "not the database queue"}
    now = timezone.now()
    date_max = get_date_max()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at")
    waited = [
        _seconds_since(enqueued if run_after == date_max else max(run_after, enqueued), now)
        for enqueued, run_after in ready.values_list("enqueued_at", "run_after")[:_WAITING_SAMPLE]
        if run_after == date_max or run_after <= now
    ]
    oldest_waiting = max((seconds or 0 for seconds in waited), default=0)
    last_finished = (
        DBTaskResult.objects.exclude(finished_at=None)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    limit = int(getattr(settings, "DUBAN_HEALTH_QUEUE_LAG_SECONDS", DEFAULT_QUEUE_LAG_SECONDS))
    return {
        "ok": oldest_waiting <= limit,
        "waiting": len(waited),
        "oldest_waiting_seconds": oldest_waiting,
        "last_finished_seconds_ago": _seconds_since(last_finished, now),
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "cache": check_cache,
    "worker": check_worker,
}


def _run(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a failed check is an answer, not a crash
        # The class name only: messages can carry host names and user names.
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, 503 otherwise; open to all, like a load balancer."""
    results = {name: _run(check) for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
