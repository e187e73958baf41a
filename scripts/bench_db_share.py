"""How much of a cockpit or API request is spent waiting for PostgreSQL: what a read replica
could take off the primary (docs/decisions/0031-scaling-out.md).

Usage: `.venv/bin/python scripts/bench_db_share.py [--tasks 10000] [--periods 12]`

Set-up (not timed): the scratch database `duban_bench_db_share` on the local PostgreSQL,
migrated, `generate_demo_scale`, ANALYZE. Then, in this process through Django's test `Client`
(the whole stack without a network hop), a few GETs of each page, each timed whole and with
every SQL statement's execution and fetch summed (`connection.execute_wrapper`). Prints the
median of each and the database's share. Production settings, a file cache. Bounded: the
requests of each page stop after 60 s; the database is dropped at the end.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

DB = "duban_bench_db_share"
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
SERIES_SECONDS = 60


def configure(work: Path) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["DUBAN_OTP_REQUIRED"] = "false"
    os.environ["CACHE_URL"] = f"filecache://{work / 'cache'}"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.test.utils import override_settings

    # No static manifest (collectstatic): it changes nothing a view does but one lookup.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


class DatabaseClock:
    """Seconds spent in SQL (execute and fetch) and statements, while installed."""

    def __init__(self) -> None:
        self.seconds, self.statements = 0.0, 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def measure(
    label: str, client: Any, url: str, count: int, before: Callable[[], Any] | None = None
) -> None:
    from django.db import connection

    total, in_db, statements = [], [], []
    deadline = time.monotonic() + SERIES_SECONDS
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        if before is not None:
            before()
        clock = DatabaseClock()
        started = time.perf_counter()
        with connection.execute_wrapper(clock):
            response = client.get(url)
        total.append((time.perf_counter() - started) * 1000)
        in_db.append(clock.seconds * 1000)
        statements.append(clock.statements)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    whole, database = statistics.median(total), statistics.median(in_db)
    print(
        f"  {label:<30}{len(total):>3} × median {whole:8.1f} ms, PostgreSQL {database:7.1f} ms "
        f"({database / whole:5.1%}), {statistics.median(statements):.0f} statements"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=12)
    args = parser.parse_args(argv)
    subprocess.run([*PG, f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run([*PG, f"CREATE DATABASE {DB}"], check=True)
    work = Path(tempfile.mkdtemp(prefix="duban-db-share-"))
    configure(work)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from duban.demo.scale import DEFAULT_GOVERNMENT, DEFAULT_YEAR, demo_scale_generate
    from duban.ledger.models import Plan
    from duban.reporting.models import ReportingPeriod

    try:
        call_command("migrate", verbosity=0, interactive=False)
        summary = demo_scale_generate(tasks=args.tasks, periods=args.periods)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        plan = Plan.objects.get(government__name=DEFAULT_GOVERNMENT, year=DEFAULT_YEAR)
        period = ReportingPeriod.objects.filter(plan=plan).order_by("-as_of").first()
        if period is None:
            raise SystemExit("the generated plan has no period")
        users = get_user_model().objects
        leader = Client()
        leader.force_login(users.create_user("bench_leader", role="leader"))
        office = Client()
        office.force_login(users.create_user("bench_office", role="office_admin"))
        print(
            f"{summary.tasks} tasks × {summary.periods} periods ({summary.reports} reports), "
            f"in-process, production settings, file cache, {os.cpu_count()} cores:"
        )
        measure("cockpit, cache cleared", leader, f"/cockpit/?period={period.pk}", 3, cache.clear)
        measure("cockpit, warm", leader, f"/cockpit/?period={period.pk}", 5)
        dashboard = f"/api/v1/dashboard/?period={period.pk}"
        measure("API dashboard, cache cleared", leader, dashboard, 5, cache.clear)
        measure("API dashboard, warm", leader, dashboard, 20)
        measure("API reports, a page of 100", office, f"/api/v1/reports/?period={period.pk}", 20)
        measure("API periods (trivial)", leader, "/api/v1/periods/", 30)
        return 0
    finally:
        connections.close_all()
        subprocess.run([*PG, f"DROP DATABASE IF EXISTS {DB}"], check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
