"""Concurrent saves through the services, on one database: errors and lost updates.

    python scripts/probe_concurrency.py --database-url sqlite:///var/probes/probe.sqlite3
    python scripts/probe_concurrency.py --database-url postgres://postgres@127.0.0.1:5432/duban_probes

The database is made afresh (migrations, the demo), then, with threads released together:
- different reports: --threads department users each save their own report --rounds times;
- one report: two users save with the same version at once (one must be told it is stale);
- double submit: the same submit twice at once (one submission).
A lost update is a successful save whose text is not what the report holds when no later save
succeeded, or two successes from one version. Prints one JSON object; bounded by --seconds.
"""

import argparse
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
PROBE_PASSWORD = "Probe-only-2021"  # noqa: S105 - accounts of a scratch database
sys.path.insert(0, str(REPO_ROOT))


def prepare(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
    else:
        import psycopg

        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from duban.demo.load import demo_load

    demo_load()


def run_together(jobs: list[Any], seconds: float) -> list[Any]:
    """Run each job in its own thread, all released at once; their results or exceptions."""
    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def work(index: int, job: Any) -> None:
        try:
            barrier.wait(timeout=seconds)
            results[index] = job()
        except Exception as error:  # counted by the caller
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    started = time.monotonic()
    prepare(args.database_url)

    from django.db import connection

    from duban.accounts.services import user_create
    from duban.core.audit import SYSTEM
    from duban.reporting.models import PeriodState, ProgressReport, ReportingPeriod
    from duban.reporting.services.reports import (
        ReportContent,
        StaleVersionError,
        report_act,
        report_save,
    )

    period = ReportingPeriod.objects.filter(state=PeriodState.OPEN).order_by("id").first()
    if period is None:
        raise SystemExit("the demo has no open period")
    reports: list[ProgressReport] = []
    seen: set[int] = set()
    for report in ProgressReport.objects.filter(period=period, state="draft").order_by("id"):
        if report.department_id and report.department_id not in seen:
            seen.add(report.department_id)
            reports.append(report)
        if len(reports) == args.threads:
            break
    users = [
        user_create(
            username=f"probe_{index}",
            password=PROBE_PASSWORD,
            role="liaison",
            department=report.department,
            actor=SYSTEM,
        )
        for index, report in enumerate(reports)
    ]
    kinds: Counter[str] = Counter()
    attempts = lost = 0
    expected_text: dict[int, str] = {}

    # Different reports, at once.
    for round_number in range(args.rounds):
        jobs = []
        for report, user in zip(reports, users, strict=True):
            text = f"第{round_number + 1}轮:{user.username} 保存。"

            def save(report: ProgressReport = report, user: Any = user, text: str = text) -> str:
                fresh = ProgressReport.objects.get(pk=report.pk)
                report_save(
                    report=fresh,
                    content=ReportContent(progress=text),
                    expected_version=fresh.version,
                    actor=user,
                )
                return text

            jobs.append(save)
        for report, outcome in zip(reports, run_together(jobs, args.seconds), strict=True):
            attempts += 1
            if isinstance(outcome, Exception):
                kinds[type(outcome).__name__ + ": " + str(outcome)[:60]] += 1
            else:
                expected_text[report.pk] = outcome
    for pk, text in expected_text.items():
        if ProgressReport.objects.get(pk=pk).progress != text:
            lost += 1

    # One report, one version, two editors at once: one save, one stale.
    same_report_successes_over_one = 0
    report, user = reports[0], users[0]
    second = user_create(
        username="probe_second",
        password=PROBE_PASSWORD,
        role="liaison",
        department=report.department,
        actor=SYSTEM,
    )
    for round_number in range(args.rounds):
        fresh = ProgressReport.objects.get(pk=report.pk)
        race: list[Any] = [
            lambda actor=actor, version=fresh.version, text=f"同时保存 {round_number}-{n}": (
                report_save(
                    report=ProgressReport.objects.get(pk=report.pk),
                    content=ReportContent(progress=text),
                    expected_version=version,
                    actor=actor,
                )
            )
            for n, actor in enumerate((user, second))
        ]
        outcomes = run_together(race, args.seconds)
        attempts += 2
        successes = [o for o in outcomes if not isinstance(o, Exception)]
        same_report_successes_over_one += max(0, len(successes) - 1)
        for outcome in outcomes:
            if isinstance(outcome, Exception) and not isinstance(outcome, StaleVersionError):
                kinds[type(outcome).__name__ + ": " + str(outcome)[:60]] += 1

    # Double submit.
    report = ProgressReport.objects.get(pk=reports[1].pk)
    outcomes = run_together(
        [
            lambda: report_act(
                report=ProgressReport.objects.get(pk=report.pk), action="submit", actor=users[1]
            )
            for _ in range(2)
        ],
        args.seconds,
    )
    attempts += 2
    submissions = sum(1 for o in outcomes if not isinstance(o, Exception))
    refused_politely = sum(
        1 for o in outcomes if isinstance(o, Exception) and type(o).__name__ != "OperationalError"
    )
    for outcome in outcomes:
        if isinstance(outcome, Exception) and type(outcome).__name__ == "OperationalError":
            kinds["OperationalError: " + str(outcome)[:60]] += 1

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "threads": len(reports),
                "saves_attempted": attempts,
                "errors": sum(kinds.values()),
                "error_kinds": dict(kinds),
                "lost_updates": lost + same_report_successes_over_one,
                "double_submit": {"submissions": submissions, "refused": refused_politely},
                "seconds": round(time.monotonic() - started, 1),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
