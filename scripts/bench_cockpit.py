"""The cockpit's response time on PostgreSQL at province scale (10,000 tasks × 12 periods).

Usage: `.venv/bin/python scripts/bench_cockpit.py [--tasks 10000] [--periods 12]
[--requests 200] [--cold 30] [--flushed 3] [--seconds 120] [--database NAME] [--keep]
[--reuse]`

Set-up (not timed): drops and creates the scratch database (`--database`, by default
`duban_cockpit_bench`) on the local PostgreSQL (`psql -h 127.0.0.1 -U postgres`), migrates it,
runs `generate_demo_scale` and signs in a leader. Then, in this process through Django's test
`Client` (the whole Django stack — middleware, session, view, template — without a network hop
or a WSGI server):

- cold: `--cold` requests, each after one decision changed through `status_decision_set` (not
  timed), so every one recomputes the figures in SQL — what the first leader sees after a
  write. The write changes the data version: the cockpit's figures and the report-quality line
  are computed again; reports whose texts did not change keep their quality check;
- flushed: `--flushed` requests with the whole cache cleared before each — the first view after
  a cache flush or a change to the status engine, when every submitted report's quality check
  runs again (the status engine over each report's texts);
- warm: `--requests` requests as they come, answered from the cache;
- the API `GET /api/v1/dashboard/`, warm;
- the trivial signed-in page `/api/v1/periods/`, the yardstick, through the same stack.

Prints p50/p95/max per series, each p95 as a multiple of the trivial page's p95, the queries
one request makes, and whether the goals are met: warm p95 at most 5× the trivial page's and
cold p95 under 1 s. Every series stops at `--seconds`. Exits 1 when a goal is missed.
The database is dropped at the end unless `--keep`; `--reuse` measures a kept one again.
"""

import argparse
import itertools
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

DB = "duban_cockpit_bench"  # the default scratch database; --database names another
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
COLD_GOAL_MS = 1000.0  # after a write: the figures recomputed
WARM_GOAL_RATIO = 5.0  # warm p95 at most this multiple of the trivial page's p95
MAX_REQUESTS = 2000
MAX_SECONDS = 600


TRIVIAL_PAGE = "/api/v1/periods/"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def line(label: str, millis: list[float], trivial_p95: float | None = None) -> str:
    """One series: count, p50, p95, max and, given the trivial page's p95, p95 as a multiple."""
    values = sorted(millis)
    p95 = percentile(values, 0.95)
    ratio = f"  = {p95 / trivial_p95:6.1f}× trivial p95" if trivial_p95 else ""
    return (
        f"  {label:<26}{len(values):>5} requests  p50 {percentile(values, 0.50):8.1f}  "
        f"p95 {p95:8.1f}  max {max(values, default=0.0):8.1f} ms{ratio}"
    )


def scratch_database(name: str = DB) -> None:
    """A fresh, empty benchmark database on the local server."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        raise SystemExit("PostgreSQL is not answering on 127.0.0.1:5432")
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*PG, f"CREATE DATABASE {name}"], check=True)


def drop_database(name: str = DB) -> None:
    from django.db import connections

    connections.close_all()
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {name}"], check=True)


def configure(work: Path, name: str = DB) -> None:
    """Production settings against the scratch database, a file cache as production uses."""
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
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
    parser.add_argument("--cold", type=int, default=30, help="requests each after a write")
    parser.add_argument(
        "--flushed", type=int, default=3, help="requests with the whole cache cleared before each"
    )
    parser.add_argument("--seconds", type=int, default=120, help="time limit of each series")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database",
        default=DB,
        help="the scratch database's name (two runs on one server need two names)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use the database a --keep run left (no set-up)"
    )
    args = parser.parse_args(argv)
    counts = (args.requests, args.cold, args.flushed)
    if not all(1 <= count <= MAX_REQUESTS for count in counts):
        print(f"refusing: --requests, --cold and --flushed 1…{MAX_REQUESTS}")
        return 2
    seconds = max(1, min(args.seconds, MAX_SECONDS))

    if not args.database.replace("_", "").isalnum():
        print("refusing: --database letters, digits and _ only")
        return 2
    if not args.reuse:
        scratch_database(args.database)
    work = Path(tempfile.mkdtemp(prefix="duban-cockpit-bench-"))
    configure(work, args.database)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duban.core.status import TaskStatus
    from duban.demo.scale import DEFAULT_GOVERNMENT, DEFAULT_YEAR, demo_scale_generate
    from duban.ledger.models import KeyTask, Plan
    from duban.reporting.models import ReportingPeriod
    from duban.reporting.services.decisions import status_decision_set

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

        # A write before each cold request: one task's decision, flipped between two statuses
        # through the service the office uses (the audit event changes the data version).
        office, _created = get_user_model().objects.get_or_create(
            username="bench_office", defaults={"role": "office_admin"}
        )
        flipped = KeyTask.objects.filter(plan=plan).order_by("position").first()
        if flipped is None:
            raise SystemExit("the generated plan has no task")
        statuses = itertools.cycle([TaskStatus.BEHIND, TaskStatus.ON_TRACK])

        def write() -> None:
            status_decision_set(task=flipped, period=period, status=next(statuses), actor=office)

        cache.clear()
        client.get(page)  # the quality checks of every report, once (the flushed case)
        write()
        with CaptureQueriesContext(connection) as cold_queries:
            first = client.get(page)
        with CaptureQueriesContext(connection) as warm_queries:
            client.get(page)
        print(
            f"page: {len(first.content) / 1024:.0f} KiB, {len(cold_queries)} queries cold, "
            f"{len(warm_queries)} warm (session and user included)"
        )

        print(f"cockpit {page} — in-process Django test Client, signed-in leader (ms):")
        cold = timed(client, page, args.cold, time.monotonic() + seconds, before=write)
        flushed = timed(client, page, args.flushed, time.monotonic() + seconds, before=cache.clear)
        warm = timed(client, page, args.requests, time.monotonic() + seconds)
        api_warm = timed(client, api, args.requests, time.monotonic() + seconds)
        # The yardstick: a trivial signed-in page through the same stack, same process.
        trivial = timed(client, TRIVIAL_PAGE, args.requests, time.monotonic() + seconds)
        trivial_p95 = percentile(sorted(trivial), 0.95)
        print(line("cold (after a write)", cold, trivial_p95))
        print(line("flushed (cache cleared)", flushed, trivial_p95))
        print(line("warm", warm, trivial_p95))
        print(line("API warm", api_warm, trivial_p95))
        print(line(f"trivial {TRIVIAL_PAGE}", trivial, trivial_p95))
        cold_p95 = percentile(sorted(cold), 0.95)
        warm_ratio = percentile(sorted(warm), 0.95) / trivial_p95 if trivial_p95 else math.inf
        cold_met = cold_p95 < COLD_GOAL_MS
        warm_met = warm_ratio <= WARM_GOAL_RATIO
        print(
            f"goal warm p95 ≤ {WARM_GOAL_RATIO:.0f}× trivial p95: "
            f"{'met' if warm_met else 'NOT met'} ({warm_ratio:.1f}×)"
        )
        print(
            f"goal cold p95 < {COLD_GOAL_MS:.0f} ms (after a write): "
            f"{'met' if cold_met else 'NOT met'} ({cold_p95:.1f} ms)"
        )
        return 0 if cold_met and warm_met else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
