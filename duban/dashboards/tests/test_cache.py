"""The kept cockpit: the same page and numbers as computed afresh, and every write through a
service shows on the next view (core/data_version.py)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from duban.assessment import quality
from duban.dashboards.selectors import UNDECIDED, cockpit_for
from duban.ledger.models import KeyTask
from duban.ledger.services import key_task_edit, key_task_units_set
from duban.orgs.models import Department
from duban.reporting.models import ProgressReport
from duban.reporting.services.decisions import status_decision_set
from duban.reporting.services.reports import ReportContent, report_act, report_save

pytestmark = pytest.mark.django_db

COCKPIT = reverse("dashboards:cockpit")
API = reverse("api:dashboard")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, period) -> str:
    html = client.get(COCKPIT, {"period": period.pk}).content.decode()
    # Per-response tokens only.
    return re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r"\1", html)


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table class="figures" id="{table_id}">(.*?)</table>', html, re.DOTALL)
    assert match is not None, table_id
    return match.group(1)


def _header(table: str) -> list[str]:
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", table, re.DOTALL)
    assert head is not None
    return re.findall(r'<th scope="col">(.*?)</th>', head.group(1))


def _body_rows(table: str) -> dict[str, list[str]]:
    """Row heading → the cells' numbers, from a figures table's body."""
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL)
    assert body is not None
    rows = {}
    for name, cells in re.findall(
        r'<tr[^>]*><th scope="row">(?:<a [^>]*>)?(.*?)(?:</a>)?</th>(.*?)</tr>',
        body.group(1),
        re.DOTALL,
    ):
        rows[name] = re.findall(r'<td class="num">(?:<a [^>]*>)?([^<]*)', cells)
    return rows


def _by_label(data: dict, counts: dict[str, int]) -> dict[str, int]:
    labels = {**data["status_labels"], UNDECIDED: "未认定"}
    return {labels[status]: n for status, n in counts.items() if n}


def _unit_table(html: str, table_id: str) -> dict[str, tuple[dict[str, int], int, str]]:
    """Unit → (count per column label, total, 达到序时进度 cell) as the page prints it."""
    table = _table(html, table_id)
    columns = _header(table)[1:-2]
    result = {}
    for name, cells in _body_rows(table).items():
        counts = {label: int(n) for label, n in zip(columns, cells, strict=False) if n != "0"}
        result[name] = (counts, int(cells[len(columns)]), cells[len(columns) + 1])
    return result


@pytest.mark.parametrize("who", ["leader", "department"])
def test_the_page_prints_the_apis_numbers_on_the_seed(seed_period, make_user, who):
    user = make_user("leader") if who == "leader" else make_user("liaison", "市商务局")
    client = _client(user)
    html = _page(client, seed_period)
    data = client.get(API, {"period": seed_period.pk}).json()

    tiles = dict(
        re.findall(r'data-status="(\w+)".*?<span class="tile-count">(\d+)</span>', html, re.DOTALL)
    )
    expected_tiles = {**data["status_counts"], UNDECIDED: data["undecided"]}
    assert {s: int(n) for s, n in tiles.items() if int(n)} == {
        s: n for s, n in expected_tiles.items() if n
    }
    assert f"状态分布(共{data['total']}项)" in html
    assert f"达到序时进度{data['on_schedule']}项" in html

    for table_id, key in [("t-departments", "by_department"), ("t-counties", "by_county")]:
        printed = _unit_table(html, table_id) if data[key] else {}
        assert set(printed) == {row["name"] for row in data[key]}
        for row in data[key]:
            counts, total, on_schedule = printed[row["name"]]
            assert counts == _by_label(data, row["status_counts"])
            assert total == row["total"]
            assert on_schedule.startswith(f"{row['on_schedule']}(")

    if data["lagging"]:
        assert f"滞后任务(共{len(data['lagging'])}项" in html
    trend = _body_rows(_table(html, "t-trend"))
    columns = _header(_table(html, "t-trend"))[1:-1]
    for row in data["trend"]:
        cells = trend[row["label"]]
        per_status = {label: int(n) for label, n in zip(columns, cells, strict=False) if n != "0"}
        assert per_status == _by_label(data, row["status_counts"])
        assert int(cells[-1]) == row["total"]


def test_a_kept_page_is_the_page_computed_afresh(seed_period, make_user):
    client = _client(make_user("office_admin"))
    fresh = _page(client, seed_period)
    kept = _page(client, seed_period)
    cache.clear()
    assert kept == fresh == _page(client, seed_period)


def test_who_may_issue_slips_sees_its_links_from_the_kept_figures(seed_period, make_user):
    office, leader = _client(make_user("office_admin")), _client(make_user("leader"))
    for _ in range(2):  # computed, then kept
        assert "下发督办单" in _page(office, seed_period)
        assert "下发督办单" not in _page(leader, seed_period)


def _department_total(html: str, name: str) -> int:
    return _unit_table(html, "t-departments")[name][1]


def test_a_new_lead_unit_shows_on_the_next_view(seed_period, make_user):
    office = make_user("office_admin")
    client = _client(make_user("leader"))
    html = _page(client, seed_period)
    commerce, finance = _department_total(html, "市商务局"), _department_total(html, "市财政局")
    task = KeyTask.objects.filter(
        plan=seed_period.plan,
        responsibilities__position=0,
        responsibilities__department__name="市商务局",
    ).first()
    assert task is not None

    key_task_units_set(
        task=task, departments=[Department.objects.get(name="市财政局")], actor=office
    )

    html = _page(client, seed_period)
    assert _department_total(html, "市商务局") == commerce - 1
    assert _department_total(html, "市财政局") == finance + 1


def test_a_corrected_task_text_shows_on_the_next_view(seed_period, make_user):
    client = _client(make_user("leader"))
    lagging = cockpit_for(user=make_user("leader"), period=seed_period).lagging[0]
    assert lagging.text in _page(client, seed_period)
    task = KeyTask.objects.get(pk=lagging.task_id)

    key_task_edit(
        task=task,
        text="更正后的任务表述:新建社区体育设施10处",
        targets_text=task.targets_text,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        leader=task.leader,
        remarks=task.remarks,
        reason="原文有误",
        actor=make_user("office_admin"),
    )

    html = _page(client, seed_period)
    assert "更正后的任务表述:新建社区体育设施10处" in html
    assert lagging.text not in html


def _submit(period, department: str, progress: str, liaison) -> ProgressReport:
    report = ProgressReport.objects.filter(period=period, department__name=department).first()
    assert report is not None
    report_save(
        report=report,
        content=ReportContent(progress=progress),
        expected_version=report.version,
        actor=liaison,
    )
    return report_act(report=report, action="submit", actor=liaison)


def _quality_line(html: str) -> str:
    match = re.search(r'<p class="hint" id="cockpit-report-quality">(.*?)</p>', html)
    assert match is not None
    return match.group(1)


def test_quality_checks_run_once_per_report_text(open_period, make_user, monkeypatch):
    """A decision keeps every report's check; a submitted report is the only one checked."""
    checked = []
    real = quality.check_report

    def counting(*args, **kwargs):
        checked.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(quality, "check_report", counting)
    _submit(open_period, "市发展改革委", "稳步推进。", make_user("liaison", "市发展改革委"))
    client = _client(make_user("leader"))

    assert _quality_line(_page(client, open_period)).startswith("报送质量:本期提交1份报告")
    assert checked == ["稳步推进。"]

    task = KeyTask.objects.filter(plan=open_period.plan).first()
    assert task is not None
    status_decision_set(
        task=task, period=open_period, status="BEHIND", actor=make_user("office_admin")
    )
    html = _page(client, open_period)
    assert cockpit_for(user=make_user("leader"), period=open_period).count("BEHIND") == 1
    assert _quality_line(html).startswith("报送质量:本期提交1份报告")
    assert checked == ["稳步推进。"]  # the decision changed no report

    progress = "截至9月底,已完成投资12亿元,新建5G基站300个。"
    _submit(open_period, "市商务局", progress, make_user("liaison", "市商务局"))
    assert _quality_line(_page(client, open_period)).startswith("报送质量:本期提交2份报告")
    assert checked == ["稳步推进。", progress]

    cache.clear()  # a flushed cache checks every report again, with the same result
    assert _quality_line(_page(client, open_period)).startswith("报送质量:本期提交2份报告")
    assert sorted(checked[2:]) == sorted(["稳步推进。", progress])
