"""Closed means closed, simultaneous saves hold, and a double click submits once."""

import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.ledger.models import KeyTask, Plan, TaskResponsibility
from duban.orgs.models import Department, DepartmentKind
from duban.reporting.models import ProgressReport, ReportVersion
from duban.reporting.services.periods import IMPORT_INTO_CLOSED_PERIOD, period_close, period_open
from duban.reporting.services.reports import ReportContent, report_save
from duban.reporting.views.reports import ALREADY_SUBMITTED

REPO_ROOT = Path(__file__).resolve().parents[3]


def _form(report, text, action):
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


@pytest.mark.django_db
def test_a_double_click_on_save_and_submit_submits_once_and_answers_a_page(
    client, open_period, make_user
):
    report = ProgressReport.objects.get(period=open_period, task__seq="8")
    client.force_login(make_user("liaison", "市发展改革委"))
    url = reverse("reporting:report_detail", args=[report.pk])
    form = _form(report, "1.完成项目签约。", "submit")
    first = client.post(url, form)
    second = client.post(url, form)  # the same page, the same version: the second click
    assert first.status_code == second.status_code == 302
    assert ReportVersion.objects.filter(report=report).count() == 1
    shown = [str(m) for m in client.get(second.url).context["messages"]]
    assert ALREADY_SUBMITTED in shown


@pytest.mark.django_db
def test_an_import_cannot_rewrite_a_closed_period(open_period, seed_bytes):
    from duban.core.status import get_profile
    from duban.reporting.progress_table.apply import progress_table_apply
    from duban.reporting.progress_table.preview import progress_table_preview

    period_close(period=open_period, actor=SYSTEM)
    before = list(
        ProgressReport.objects.filter(period=open_period).values_list("pk", "progress", "state")
    )
    preview = progress_table_preview(
        name="jiaxing-2021-h1.txt",
        data=seed_bytes,
        government_name="嘉兴市",
        profile=get_profile("jiaxing"),
    )
    with pytest.raises(DomainError) as refused:
        progress_table_apply(
            preview=preview,
            government_name="嘉兴市",
            year=2021,
            period_label=open_period.label,
            as_of=open_period.as_of,
            on_conflict="update",
            actor=SYSTEM,
        )
    assert refused.value.message == IMPORT_INTO_CLOSED_PERIOD.format(label=open_period.label)
    after = list(
        ProgressReport.objects.filter(period=open_period).values_list("pk", "progress", "state")
    )
    assert after == before


def _small_world():
    government = Department.objects.create(name="并发市", kind=DepartmentKind.GOVERNMENT)
    unit = Department.objects.create(
        name="并发局", kind=DepartmentKind.DEPARTMENT, government=government
    )
    plan = Plan.objects.create(government=government, year=2021, title="并发计划")
    task = KeyTask.objects.create(plan=plan, seq="1", position=1, text="任务")
    TaskResponsibility.objects.create(task=task, department=unit, position=0, printed_name="并发局")
    liaison = get_user_model().objects.create_user(
        "bingfa", password="x", role="liaison", department=unit
    )
    period = period_open(
        plan=plan,
        label="1-9月",
        as_of=datetime.date(2021, 9, 30),
        due_date=datetime.date(2021, 10, 10),
        actor=SYSTEM,
    )
    return liaison, period, ProgressReport.objects.get(period=period)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite serialises writers instead"
)
def test_a_close_waits_for_a_save_in_flight(monkeypatch):
    """The save read the period open; the close must not commit before the save does."""
    from duban.reporting.services import reports

    liaison, period, report = _small_world()
    inside, release = threading.Event(), threading.Event()
    original = reports.clean_own_fields

    def pause_inside_the_save(instance):
        inside.set()
        release.wait(5)
        return original(instance)

    monkeypatch.setattr(reports, "clean_own_fields", pause_inside_the_save)
    outcome: dict[str, object] = {}

    def save():
        try:
            report_save(
                report=report,
                content=ReportContent(progress="1.关闭前保存。"),
                expected_version=report.version,
                actor=liaison,
            )
            outcome["save"] = "saved"
        except DomainError as error:
            outcome["save"] = error.message
        finally:
            connection.close()

    def close():
        try:
            period_close(period=period, actor=SYSTEM)
            outcome["closed"] = True
        finally:
            connection.close()

    saver = threading.Thread(target=save)
    saver.start()
    assert inside.wait(5)
    closer = threading.Thread(target=close)
    closer.start()
    closer.join(1.0)
    closed_while_saving = not closer.is_alive()
    release.set()
    saver.join(5)
    closer.join(5)
    assert not closed_while_saving, "the period closed while a save that read it open went on"
    assert outcome == {"save": "saved", "closed": True}


def test_simultaneous_saves_on_a_sqlite_file_neither_fail_nor_get_lost(tmp_path):
    """13 departments save at once, then a double click: no 500, no lost update, one submission."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'saves.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "bench_concurrent_saves.py"), "--saves", "13"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=300,
        check=False,
    )
    figures = next(line for line in result.stdout.splitlines() if line.startswith("database="))
    assert "errors=0 lost_updates=0" in figures
    assert "double_click_errors=0 submissions=1" in figures
    assert result.returncode == 0
