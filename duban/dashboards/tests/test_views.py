"""The cockpit page, the task lists behind its charts, per role."""

import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

COCKPIT = reverse("dashboards:cockpit")
TASKS = reverse("dashboards:task_list")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _find(pattern: str, html: str) -> str:
    """The first group of `pattern` in `html` (the test fails when it is missing)."""
    match = re.search(pattern, html, re.DOTALL)
    assert match is not None, pattern
    return match.group(1)


def _tile(html: str, status: str) -> str:
    return _find(rf'data-status="{status}".*?<span class="tile-count">(\d+)</span>', html)


def test_leader_sees_the_status_tiles_charts_and_tables(seed_period, make_user):
    response = _client(make_user("leader")).get(COCKPIT)

    assert response.status_code == 200
    html = response.content.decode()
    assert {s: _tile(html, s) for s in ["ON_TRACK", "AHEAD", "PARTLY_BEHIND", "BEHIND"]} == {
        "ON_TRACK": "88",
        "AHEAD": "7",
        "PARTLY_BEHIND": "3",
        "BEHIND": "1",
    }
    assert "共100项,达到序时进度95项、占比95.0%" in html
    for table in ["t-status", "t-departments", "t-counties", "t-lagging", "t-scatter", "t-trend"]:
        assert f'<table class="figures" id="{table}">' in html
        assert f'data-copy="{table}"' in html
    assert html.count("<caption>") >= 6
    charts = json.loads(
        _find(r'<script id="cockpit-charts" type="application/json">(.*?)</script>', html)
    )
    assert {spec["height"] > 0 for spec in charts.values()} == {True}
    assert "vendor/echarts/echarts.min.js" in html
    assert "dashboards/cockpit.js" in html
    assert "cdn" not in html.lower()


def test_cockpit_nav_entry_for_leaders_and_office_only(seed_period, make_user):
    html = _client(make_user("leader")).get(COCKPIT).content.decode()
    assert f'<a href="{COCKPIT}" aria-current="page" class="active">驾驶舱</a>' in html
    liaison_html = _client(make_user("liaison", "市商务局")).get(COCKPIT).content.decode()
    nav = _find(r'(<nav class="sidenav".*?</nav>)', liaison_html)
    assert "驾驶舱" not in nav


@pytest.mark.parametrize(
    ("role", "department", "expected"),
    [
        ("office_admin", None, 200),
        ("reviewer", None, 200),
        ("leader", None, 200),
        ("liaison", "市商务局", 200),
        ("head", "市商务局", 200),
        ("", None, 403),
    ],
)
def test_cockpit_per_role(seed_period, make_user, role, department, expected):
    for url in [COCKPIT, f"{TASKS}?period={seed_period.pk}", reverse("dashboards:changes")]:
        assert _client(make_user(role, department)).get(url).status_code == expected, url


def test_anonymous_is_sent_to_sign_in(seed_period):
    response = Client().get(COCKPIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_department_user_cockpit_counts_only_its_tasks(seed_period, make_user):
    html = _client(make_user("liaison", "市商务局")).get(COCKPIT).content.decode()
    counts = [int(n) for n in re.findall(r'<span class="tile-count">(\d+)</span>', html)]
    assert 0 < sum(counts) < 100


def test_unknown_period_is_404(seed_period, make_user):
    client = _client(make_user("leader"))
    assert client.get(COCKPIT, {"period": 999999}).status_code == 404
    assert client.get(TASKS, {"period": 999999}).status_code == 404


def test_empty_database_says_there_is_no_plan(db, make_user):
    response = _client(make_user("leader")).get(COCKPIT)
    assert response.status_code == 200
    assert "还没有年度计划" in response.content.decode()


def test_drill_down_by_status_lists_the_three_partly_behind_tasks(seed_period, make_user):
    response = _client(make_user("leader")).get(
        TASKS, {"period": seed_period.pk, "status": "PARTLY_BEHIND"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span id="drill-count">3</span>' in html
    assert html.count("status-yellow") == 3
    assert "部分滞后" in html


def test_drill_down_to_undecided_and_several_statuses(seed_period, make_user):
    client = _client(make_user("leader"))
    undecided = client.get(TASKS, {"period": seed_period.pk, "status": "none"})
    assert '<span id="drill-count">1</span>' in undecided.content.decode()
    lagging = client.get(TASKS, {"period": seed_period.pk, "status": "BEHIND,PARTLY_BEHIND"})
    assert '<span id="drill-count">4</span>' in lagging.content.decode()


def test_drill_down_by_lead_department_and_county(seed_period, make_user):
    from duban.orgs.models import Department

    client = _client(make_user("leader"))
    commerce = Department.objects.get(name="市商务局").pk
    html = client.get(
        TASKS, {"period": seed_period.pk, "department": commerce, "status": "AHEAD"}
    ).content.decode()
    assert '<span id="drill-count">4</span>' in html
    assert "牵头单位:市商务局" in html
    county = Department.objects.get(name="嘉善县政府").pk
    html = client.get(TASKS, {"period": seed_period.pk, "county": county}).content.decode()
    assert '<span id="drill-count">10</span>' in html
    assert "县(市、区):嘉善县政府" in html


def test_drill_down_exports_excel(seed_period, make_user):
    response = _client(make_user("leader")).get(
        TASKS, {"period": seed_period.pk, "status": "PARTLY_BEHIND", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("序号", "主要工作任务", "牵头单位", "状态")
    assert [row[3] for row in rows[1:]] == ["部分滞后"] * 3


def test_department_user_drill_down_never_shows_other_tasks(seed_period, make_user):
    html = (
        _client(make_user("liaison", "市财政局"))
        .get(TASKS, {"period": seed_period.pk, "status": "ON_TRACK"})
        .content.decode()
    )
    from duban.ledger.models import KeyTask

    own = KeyTask.objects.filter(
        plan=seed_period.plan, responsibilities__department__name="市财政局"
    ).distinct()
    shown = int(_find(r'<span id="drill-count">(\d+)</span>', html))
    assert shown <= own.count() < 100


def test_leader_lands_on_the_cockpit_after_sign_in(seed_period, make_user):
    make_user("leader", username="lingdao")
    response = Client().post(reverse("accounts:login"), {"username": "lingdao", "password": "x"})
    assert response.status_code == 302
    assert response["Location"] == COCKPIT


def test_print_stylesheet_and_animation_switch_are_served(seed_period, make_user):
    client = _client(make_user("leader"))
    for path in [
        "dashboards/cockpit.js",
        "dashboards/cockpit.css",
        "vendor/echarts/echarts.min.js",
    ]:
        assert client.get(f"/static/{path}").status_code == 200, path
    script = Path(str(finders.find("dashboards/cockpit.js"))).read_text(encoding="utf-8")
    css = Path(str(finders.find("dashboards/cockpit.css"))).read_text(encoding="utf-8")
    assert "beforeprint" in script
    assert "matchMedia" in script
    assert "animation: false" in script
    assert "@media print" in css
    licence = Path(str(finders.find("vendor/echarts/LICENSE"))).read_text(encoding="utf-8")
    assert "Apache License" in licence


def test_long_lists_are_bounded_and_say_so(seed_period, make_user, monkeypatch):
    from duban.dashboards import selectors

    monkeypatch.setattr(selectors, "SCATTER_MAX_POINTS", 5)
    monkeypatch.setattr(selectors, "SCATTER_ROWS_ON_PAGE", 3)
    monkeypatch.setattr(selectors, "LAGGING_ON_PAGE", 2)
    html = _client(make_user("leader")).get(COCKPIT).content.decode()

    assert "图中显示落后最多的5个" in html
    assert "列出落后最多的前3个" in html
    assert "滞后任务(共4项,列出差距最大的前2项)" in html
    assert html.count('<tr><th scope="row"><a href="/ledger/tasks/') == 3  # scatter rows


def test_cockpit_says_how_many_submitted_reports_carry_quality_notices(open_period, make_user):
    from duban.reporting.models import ProgressReport
    from duban.reporting.services.reports import ReportContent, report_act, report_save

    liaison = make_user("liaison", "市发展改革委")
    report = ProgressReport.objects.filter(
        period=open_period, department__name="市发展改革委"
    ).first()
    assert report is not None
    report_save(
        report=report,
        content=ReportContent(progress="稳步推进。"),
        expected_version=report.version,
        actor=liaison,
    )
    report_act(report=report, action="submit", actor=liaison)
    html = (
        _client(make_user("leader"))
        .get(COCKPIT, {"plan": open_period.plan_id, "period": open_period.pk})
        .content.decode()
    )
    line = _find(r'<p class="hint" id="cockpit-report-quality">(.*?)</p>', html)
    assert line.startswith("报送质量:本期提交1份报告,1份有质量提示(内容空泛1份")
    assert "市发展改革委" in line
