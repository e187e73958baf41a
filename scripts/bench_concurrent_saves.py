"""Simultaneous saves on one database: N departments save their own reports at the same
moment, then one liaison double-clicks 保存并提交. Prints saves / errors / lost updates.

Usage (a fresh database: a temporary SQLite file by default, or DATABASE_URL's database;
one that already holds tables is emptied only with --flush):

    .venv/bin/python scripts/bench_concurrent_saves.py --saves 13
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/duban_bench_saves \\
        .venv/bin/python scripts/bench_concurrent_saves.py --saves 13 --flush

Every request runs the real page (`reporting:report_detail`, POST) in its own thread with
its own database connection, through Django's test client. A request that answers 500 is an
error; a report whose text is not the one its request saved is a lost update. The double
click is two simultaneous POSTs of 保存并提交 with the same version: there must be one
submission, and the other click must get a page (a redirect with a message), not a 500.
Exits 1 unless errors, lost updates and extra submissions are all 0.
"""

import argparse
import datetime
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def prepare(saves: int, flush: bool) -> None:
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="duban-saves-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/concurrent.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    if _has_tables():
        if not flush:
            raise SystemExit("The database already holds tables; add --flush to empty it first.")
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    _world(saves)


def _has_tables() -> bool:
    from django.db import connection

    return "accounts_user" in connection.introspection.table_names()


def _world(saves: int) -> None:
    """One plan of `saves` + 1 tasks, each led by its own unit with its own liaison; one period
    open for reporting."""
    from django.contrib.auth import get_user_model

    from duban.core.audit import SYSTEM
    from duban.ledger.models import KeyTask, Plan, TaskResponsibility
    from duban.orgs.models import Department, DepartmentKind
    from duban.reporting.services.periods import period_open

    government = Department.objects.create(name="压测市", kind=DepartmentKind.GOVERNMENT)
    plan = Plan.objects.create(government=government, year=2021, title="压测计划")
    users = get_user_model()
    for n in range(saves + 1):
        unit = Department.objects.create(
            name=f"压测单位{n}", kind=DepartmentKind.DEPARTMENT, government=government
        )
        task = KeyTask.objects.create(plan=plan, seq=str(n + 1), position=n + 1, text=f"任务{n}")
        TaskResponsibility.objects.create(
            task=task, department=unit, position=0, printed_name=unit.name
        )
        users.objects.create_user(
            f"liaison{n}",
            password="x",  # noqa: S106 - a throw-away account on a throw-away database
            role="liaison",
            department=unit,
        )
    period_open(
        plan=plan,
        label="1-9月",
        as_of=datetime.date(2021, 9, 30),
        due_date=datetime.date(2021, 10, 10),
        actor=SYSTEM,
    )


def _post(username: str, report_id: int, data: dict[str, Any], barrier: threading.Barrier) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    url = reverse("reporting:report_detail", args=[report_id])
    try:
        barrier.wait()
        return client.post(url, data).status_code
    finally:
        connection.close()


def _run_together(jobs: list[tuple[str, int, dict[str, Any]]]) -> list[int]:
    barrier = threading.Barrier(len(jobs))
    codes = [0] * len(jobs)

    def work(index: int) -> None:
        codes[index] = _post(*jobs[index], barrier)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def _form(report: Any, text: str, action: str) -> dict[str, Any]:
    return {
        "action": action,
        "version": report.version,
        "progress": text,
        "problems": "",
        "next_steps": "",
        "self_status": "",
        "fig-TOTAL_FORMS": "0",
        "fig-INITIAL_FORMS": "0",
    }


def measure(saves: int) -> dict[str, int | str]:
    from django.db import connection

    from duban.reporting.models import ProgressReport, ReportVersion

    reports = list(ProgressReport.objects.select_related("department").order_by("task__position"))
    workers = reports[:saves]
    jobs = [
        (f"liaison{n}", r.pk, _form(r, f"1.第{n}个单位的进展。", "save"))
        for n, r in enumerate(workers)
    ]
    codes = _run_together(jobs)
    lost = sum(
        1
        for n, r in enumerate(workers)
        if codes[n] < 400
        and ProgressReport.objects.get(pk=r.pk).progress != f"1.第{n}个单位的进展。"
    )
    clicked = reports[saves]
    double = _run_together(
        [(f"liaison{saves}", clicked.pk, _form(clicked, "1.双击提交。", "submit"))] * 2
    )
    return {
        "database": connection.vendor,
        "saves": saves,
        "errors": sum(code >= 500 for code in codes),
        "lost_updates": lost,
        "double_click_statuses": "/".join(str(c) for c in sorted(double)),
        "double_click_errors": sum(code >= 500 for code in double),
        "submissions": ReportVersion.objects.filter(report=clicked).count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=13)
    parser.add_argument("--flush", action="store_true", help="empty DATABASE_URL's database")
    args = parser.parse_args()
    prepare(max(1, min(args.saves, 200)), args.flush)
    figures = measure(max(1, min(args.saves, 200)))
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
    failed = figures["errors"] or figures["lost_updates"] or figures["double_click_errors"]
    return 1 if failed or figures["submissions"] != 1 else 0


if __name__ == "__main__":
    sys.exit(main())
