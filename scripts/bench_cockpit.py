"""The cockpit's response time on PostgreSQL at province scale (10,000 tasks × 12 periods).

Usage: `.venv/bin/python scripts/bench_cockpit.py [--tasks 10000] [--periods 12]
[--requests 200] [--cold 30] [--seconds 120] [--keep] [--reuse]`

Set-up (not timed): drops and creates the scratch database `duban_cockpit_bench` on the local
PostgreSQL (`psql -h 127.0.0.1 -U postgres`), migrates it, runs `generate_demo_scale` and signs
in a leader. Then, in this process through Django's test `Client` (the whole Django stack —
middleware, session, view, template — without a network hop or a WSGI server):

- cold: `--cold` requests with the cache cleared before each, so every one recomputes the
  figures in SQL — what the first leader sees after a decision changes;
- warm: `--requests` requests as they come, answered from the cache after the fingerprint
  queries — what every other view costs;
- the API `GET /api/v1/dashboard/`, warm.

Prints p50/p95/max per series and the queries one request makes, and whether the cold p95
meets the goal (300 ms). Every series stops at `--seconds`. Exits 1 when the goal is missed.
The database is dropped at the end unless `--keep`; `--reuse` measures a kept one again.
"""

import argparse
import math
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

DB = "duban_cockpit_bench"
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
GOAL_MS = 300.0
MAX_REQUESTS = 2000
MAX_SECONDS = 600


TRIVIAL_PAGE = "/api/v1/periods/"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def line(label: str, millis: list[float]) -> str:
    values = sorted(millis)
    return (
        f"  {label:<22}{len(values):>5} requests  p50 {percentile(values, 0.50):7.1f}  "
        f"p95 {percentile(values, 0.95):7.1f}  max {max(values, default=0.0):7.1f} ms"
    )


def scratch_database() -> None:
    """A fresh, empty benchmark database on the local server."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        raise SystemExit("PostgreSQL is not answering on 127.0.0.1:5432")
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run([*PG, f"CREATE DATABASE {DB}"], check=True)


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {DB}"], check=True)


def configure(work: Path) -> None:
    """Production settings against the scratch database, a file cache as production uses."""
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    # Production refuses a weak key: a fresh random one unless the caller gave one.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SECURE_COOKIES"] = "false"
    # Plain HTTP in-process: production's redirect to HTTPS would answer every request 301.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # The bench signs in without an authenticator; the second factor has its own tests.
    os.environ.setdefault("DUBAN_OTP_REQUIRED", "false")
    os.environ["CACHE_URL"] = f"filecache://{work / 'cache'}"
    import django

    django.setup()
    from django.test.utils import override_settings

    # Static URLs without the manifest: building it (collectstatic, compressing every file)
    # takes most of a minute and changes nothing a view does but one dictionary lookup.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def timed(
    client: Any, url: str, count: int, deadline: float, before: Callable[[], Any] | None = None
) -> list[float]:
    """Milliseconds of up to `count` GETs of `url`, stopping at `deadline`."""
    millis = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        millis.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return millis


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--requests", type=int, default=200, help="warm requests")
    parser.add_argument("--cold", type=int, default=30, help="requests with the cache cleared")
    parser.add_argument("--seconds", type=int, default=120, help="time limit of each series")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the database a --keep run left (no set-up)"
    )
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= MAX_REQUESTS and 1 <= args.cold <= MAX_REQUESTS):
        print(f"refusing: --requests and --cold 1…{MAX_REQUESTS}")
        return 2
    seconds = max(1, min(args.seconds, MAX_SECONDS))

    if not args.reuse:
        scratch_database()
    work = Path(tempfile.mkdtemp(prefix="duban-cockpit-bench-"))
    configure(work)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duban.demo.scale import DEFAULT_GOVERNMENT, DEFAULT_YEAR, demo_scale_generate
    from duban.ledger.models import Plan
    from duban.reporting.models import ReportingPeriod

    try:
        if not args.reuse:
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            print(f"set-up: migrate {time.perf_counter() - started:.1f} s")
            summary = demo_scale_generate(tasks=args.tasks, periods=args.periods)
            print(
                f"set-up: generate_demo_scale --tasks {summary.tasks} --periods "
                f"{summary.periods}: {summary.reports} reports, {summary.decisions} decisions, "
                f"{summary.assessments} suggestions in {summary.seconds} s"
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them live
        plan = Plan.objects.get(government__name=DEFAULT_GOVERNMENT, year=DEFAULT_YEAR)
        print(f"plan: {plan.tasks.count()} tasks × {plan.periods.count()} periods")
        leader, _created = get_user_model().objects.get_or_create(
            username="bench_leader", defaults={"role": "leader"}
        )
        client = Client()
        client.force_login(leader)
        period = ReportingPeriod.objects.filter(plan=plan).order_by("-as_of").first()
        if period is None:
            raise SystemExit("the generated plan has no period")
        page = f"/cockpit/?period={period.pk}"
        api = f"/api/v1/dashboard/?period={period.pk}"

        cache.clear()
        with CaptureQueriesContext(connection) as cold_queries:
            first = client.get(page)
        with CaptureQueriesContext(connection) as warm_queries:
            client.get(page)
        print(
            f"page: {len(first.content) / 1024:.0f} KiB, {len(cold_queries)} queries cold, "
            f"{len(warm_queries)} warm (session and user included)"
        )

        print(f"cockpit {page} — in-process Django test Client, signed-in leader (ms):")
        cold = timed(client, page, args.cold, time.monotonic() + seconds, before=cache.clear)
        print(line("cold (cache cleared)", cold))
        warm = timed(client, page, args.requests, time.monotonic() + seconds)
        print(line("warm", warm))
        api_warm = timed(client, api, args.requests, time.monotonic() + seconds)
        print(line("API warm", api_warm))
        # The yardstick: a trivial signed-in page through the same stack, same process.
        trivial = timed(client, TRIVIAL_PAGE, args.requests, time.monotonic() + seconds)
        print(line(f"trivial {TRIVIAL_PAGE}", trivial))
        trivial_p95 = percentile(sorted(trivial), 0.95)
        if trivial_p95:
            print(
                "p95 / trivial page p95: "
                f"cold {percentile(sorted(cold), 0.95) / trivial_p95:.1f}×, "
                f"warm {percentile(sorted(warm), 0.95) / trivial_p95:.1f}×, "
                f"API warm {percentile(sorted(api_warm), 0.95) / trivial_p95:.1f}×"
            )
        cold_p95 = percentile(sorted(cold), 0.95)
        met = cold_p95 < GOAL_MS
        print(
            f"goal p95 < {GOAL_MS:.0f} ms (cold, the worst case): "
            f"{'met' if met else 'NOT met'} ({cold_p95:.1f} ms)"
        )
        return 0 if met else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
