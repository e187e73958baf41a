"""The security probes behind `make probes` (scripts/probes.py): not part of the test suite.

Run explicitly (`pytest duban/core/tests/probe_security.py`), they write their figures as JSON
to `$DUBAN_PROBE_OUT` and fail only when a probe finds a leak or a crash.

- Authorization: every URL of the URLconf × every role × GET and POST, on the world of the URL
  matrix (test_authorization_matrix.py), and object-level probes: each department user on every
  report, attachment and slip of other departments, through pages and the API. A leak is a
  refused role (by the matrix's GET expectation, or a stranger to the object) that gets a 2xx,
  is redirected anywhere but the sign-in page, or makes the audit trail grow (a write).
- Bad files: the hostile files of imports/tests/hostile.py and corrupt ones, each through the
  reader (peak memory by tracemalloc) and the import driver (rows written = partial writes).
"""

import json
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.core.tests.test_authorization_matrix import (
    ADMIN,
    EXPECTED,
    READERS,
    ROLES,
    SEES_REPORT,
    url_for,
)
from duban.core.tests.test_authorization_matrix import world as world
from duban.imports.readers import ReadError, read_table
from duban.imports.tests import hostile
from duban.ledger.models import KeyTask
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.models import ProgressReport, ReportAttachment
from duban.reporting.progress_table.columns import table_hints
from duban.reporting.progress_table.driver import progress_table_load
from duban.supervision.models import SupervisionSlip

pytestmark = pytest.mark.django_db

REFUSED = {401, 403, 404, 405}
# Where the matrix's 404 means "allowed, but there is nothing to find" (a POST-only URL, an
# object the world lacks): those roles are not probed for a leak there.
ALLOWED_THOUGH_NOT_FOUND = {
    "reporting:period_close": ADMIN,
    "supervision:bulletin_download": READERS,
    "supervision:slip_attachment": SEES_REPORT,
}
DENIED = {401, 403, 404}  # what the matrix expects of a role with no business on a URL
FIGURES: dict[str, object] = {}
# Signing in and out, the language, the public pages: open to anyone by design.
OPEN_TO_ALL = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "api:token",
    "publishing:publication_list",
    "publishing:publication_detail",
    "publishing:publication_download",
}


def _write_figures() -> None:
    out = os.environ.get("DUBAN_PROBE_OUT")
    if out:
        existing = json.loads(Path(out).read_text()) if Path(out).exists() else {}
        Path(out).write_text(json.dumps({**existing, **FIGURES}, ensure_ascii=False))


def _refused(response, login_path: str) -> bool:
    if response.status_code in REFUSED:
        return True
    if response.status_code == 302:
        return response.url.startswith(login_path)
    return False


def _probe(client: Client, method: str, url: str, login_path: str) -> tuple[bool, int]:
    """(refused, status), counting a new audit event as a write that got through. An
    anonymous client's redirects are followed: they must end at the sign-in page."""
    before = AuditEvent.objects.count()
    anonymous = "_auth_user_id" not in client.session
    send = client.get if method == "GET" else client.post
    response = send(url, {}, follow=anonymous)
    if anonymous and response.redirect_chain:
        refused = response.redirect_chain[-1][0].startswith((login_path, reverse("admin:login")))
    else:
        refused = _refused(response, login_path)
    wrote = AuditEvent.objects.count() > before
    return refused and not wrote, response.status_code


def test_authorization_probes(world):
    login_path = reverse("accounts:login")
    probes, leaks = 0, []
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(world["users"][role])
    for name, expected in EXPECTED.items():
        if name in OPEN_TO_ALL:
            continue  # open to everyone by design
        url = url_for(name, world)
        for role in ROLES:
            allowed = expected[role] not in DENIED or role in ALLOWED_THOUGH_NOT_FOUND.get(
                name, set()
            )
            if allowed and role != "anonymous":
                continue  # this role has business here: not a probe for a leak
            for method in ("GET", "POST"):
                probes += 1
                refused, status = _probe(clients[role], method, url, login_path)
                if not refused:
                    leaks.append(f"{method} {name} as {role}: {status}")

    # Object level: each department user on every other department's objects.
    object_probes, object_leaks = 0, []
    for role in ("liaison", "head", "other_liaison"):
        user = world["users"][role]
        client = clients[role]
        foreign_reports = ProgressReport.objects.exclude(
            task__responsibilities__department=user.department
        )
        urls = []
        for report in foreign_reports:
            urls += [
                ("GET", reverse("reporting:report_detail", args=[report.pk])),
                ("POST", reverse("reporting:report_detail", args=[report.pk])),
                ("GET", reverse("api:report_detail", args=[report.pk])),
                ("POST", reverse("api:report_submit", args=[report.pk])),
                ("POST", reverse("api:report_approve", args=[report.pk])),
            ]
        for attachment in ReportAttachment.objects.exclude(
            report__task__responsibilities__department=user.department
        ):
            urls.append(
                (
                    "GET",
                    reverse(
                        "reporting:attachment_download",
                        args=[attachment.report_id, attachment.pk],
                    ),
                )
            )
        for slip in SupervisionSlip.objects.exclude(
            task__responsibilities__department=user.department
        ):
            urls += [
                ("GET", reverse("supervision:slip_detail", args=[slip.pk])),
                ("GET", reverse("supervision:slip_docx", args=[slip.pk])),
                ("POST", reverse("supervision:slip_act", args=[slip.pk])),
            ]
        for method, url in urls:
            object_probes += 1
            refused, status = _probe(client, method, url, login_path)
            if not refused:
                object_leaks.append(f"{method} {url} as {role}: {status}")

    FIGURES["authorization"] = {
        "url_role_method_probes": probes,
        "object_probes": object_probes,
        "leaks": len(leaks) + len(object_leaks),
        "leak_list": (leaks + object_leaks)[:20],
    }
    _write_figures()
    assert leaks + object_leaks == []


def _corrupt_files() -> dict[str, tuple[str, bytes]]:
    xlsx = hostile.plain_xlsx()
    return {
        "损坏的 zip": ("t.xlsx", b"PK\x03\x04 not really a zip"),
        "截断的 xlsx": ("t.xlsx", xlsx[: len(xlsx) // 2]),
        "工作表 XML 损坏": (
            "t.xlsx",
            hostile.edit_zip_entry(xlsx, hostile.SHEET, lambda text: text[:-40]),
        ),
        "工作簿 XML 损坏": (
            "t.xlsx",
            hostile.edit_zip_entry(xlsx, "xl/workbook.xml", lambda text: text[:-20]),
        ),
        "扩展名为 xlsx 的 HTML": ("t.xlsx", b"<html><table><tr><td>1</td></tr></table></html>"),
        "编码错误的 csv": ("t.csv", b"\xff\xfe\x00\x81\xff,\x80\xff\n"),
        "只有 CR 换行的 csv": (
            "t.csv",
            "序号,工作任务,进展情况,牵头部门\r1,任务一。,进展。,市商务局\r".encode(),
        ),
        "超长单元格的 csv": (
            "t.csv",
            (
                "序号,工作任务,进展情况,牵头部门\n1,任务。," + "长" * 200_000 + ",市商务局\n"
            ).encode(),
        ),
        "引号未闭合的 csv": ("t.csv", '序号,工作任务\n1,"任务'.encode()),
        "含 NUL 的 csv": (
            "t.csv",
            "序号,工作任务,进展情况,牵头部门\n1,任\x00务。,进展。,市商务局\n".encode(),
        ),
        "截断的 JSON": ("t.json", b'[{"seq": "1", "task": "'),
        "深度嵌套的 JSON": ("t.json", b"[" * 100_000),
    }


def test_bad_file_probes(seed_period):
    files = {label: (name, build()) for label, (name, build) in hostile.HOSTILE.items()}
    files.update(_corrupt_files())
    hints = table_hints(DepartmentDirectory(government=None))
    results: list[dict[str, Any]] = []
    crashes: list[str] = []
    partial_writes = 0
    for label, (name, data) in files.items():
        tracemalloc.start()
        started = time.perf_counter()
        try:
            read_table(name, data, hints)
            outcome = "read"
        except ReadError:
            outcome = "refused"
        except Exception as error:  # a crash is what the probe looks for
            outcome = "crash"
            crashes.append(f"{label}: read: {type(error).__name__}")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        elapsed = time.perf_counter() - started
        tasks_before = KeyTask.objects.count()
        try:
            load = progress_table_load(
                name=name,
                data=data,
                government="嘉兴市",
                year=2021,
                period="探测",
                as_of=seed_period.as_of,
                actor=SYSTEM,
            )
            written = load.applied
        except (ReadError, DomainError):  # refused with a message: what should happen
            written = False
        except Exception as error:
            crashes.append(f"{label}: import: {type(error).__name__}")
            written = False
        if KeyTask.objects.count() != tasks_before and not written:
            partial_writes += 1
        results.append(
            {
                "file": label,
                "bytes": len(data),
                "peak_mb": round(peak / 2**20, 1),
                "ms": round(elapsed * 1000),
                "outcome": outcome,
            }
        )
    FIGURES["bad_files"] = {
        "files": len(files),
        "crashes": len(crashes),
        "crash_list": crashes,
        "partial_writes": partial_writes,
        "peak_mb_max": max(r["peak_mb"] for r in results),
        "per_file": results,
    }
    _write_figures()
    assert crashes == []
    assert partial_writes == 0
