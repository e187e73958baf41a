"""The cockpit's figures on the seed (嘉兴 2021 上半年): counts, shares, units, gaps, trends."""

from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from duban.core.status import STATUS_COLOURS, TaskStatus
from duban.dashboards.charts import STATUS_FILLS, cockpit_charts
from duban.dashboards.selectors import (
    UNDECIDED,
    Cockpit,
    DrillFilters,
    cockpit_for,
    drill_tasks_for,
    plan_period_choose,
)
from duban.ledger.models import KeyTask, TaskResponsibility
from duban.orgs.models import Department, DepartmentKind
from duban.reporting.models import StatusDecision
from duban.reporting.services.decisions import status_decision_set

pytestmark = pytest.mark.django_db

GREEN_SHADES = {"#116329", "#4ac26b", "#1a7f37"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def leader(make_user):
    return make_user("leader")


@pytest.fixture
def cockpit(seed_period, leader) -> Cockpit:
    return cockpit_for(user=leader, period=seed_period)


def test_status_counts_and_shares_on_the_seed(cockpit):
    counts = {c.status: (c.label, c.count, c.share_text) for c in cockpit.status_counts}
    assert counts == {
        TaskStatus.AHEAD: ("进度较快", 7, "7.0%"),
        TaskStatus.ON_TRACK: ("按时推进", 88, "88.0%"),
        TaskStatus.PARTLY_BEHIND: ("部分滞后", 3, "3.0%"),
        TaskStatus.BEHIND: ("进度滞后", 1, "1.0%"),
        UNDECIDED: ("未认定", 1, "1.0%"),  # task 14 was printed without a status
    }
    assert cockpit.total == 100
    assert cockpit.on_schedule == 95
    assert cockpit.summary_sentence == (
        "共100项,达到序时进度95项、占比95.0%;部分滞后3项、进度滞后1项、未认定1项。"
    )
    assert cockpit.decided_canonical_counts == {
        "AHEAD": 7,
        "ON_TRACK": 88,
        "PARTLY_BEHIND": 3,
        "BEHIND": 1,
    }


def test_columns_follow_the_profile_then_undecided(cockpit):
    assert cockpit.statuses == ["AHEAD", "ON_TRACK", "PARTLY_BEHIND", "BEHIND", UNDECIDED]
    assert all(type(status) is str for status in cockpit.statuses)


def test_chart_fills_keep_the_design_colour_families():
    families = {"green": GREEN_SHADES, "yellow": {"#d4a72c"}, "red": {"#cf222e", "#82071e"}}
    for status, family in STATUS_COLOURS.items():
        assert STATUS_FILLS[status] in families.get(family, {"#8c959f"}), status
    assert len({STATUS_FILLS[s] for s in TaskStatus.values}) == len(TaskStatus.values)


def test_by_department_counts_lead_units_only(cockpit):
    rows = {row.name: row for row in cockpit.by_department}
    assert rows["市商务局"].counts == {"AHEAD": 4, "ON_TRACK": 9}
    assert rows["市商务局"].on_schedule_share_text == "100.0%"
    assert rows["市科技局"].counts == {"ON_TRACK": 8, UNDECIDED: 1}
    assert rows["市生态环境局"].counts == {"ON_TRACK": 4, "PARTLY_BEHIND": 1}
    assert sum(row.total for row in cockpit.by_department) == 100  # one lead per task
    # Most tasks first.
    totals = [row.total for row in cockpit.by_department]
    assert totals == sorted(totals, reverse=True)


def _county_tasks_by_hand(plan_id: int) -> dict[str, set[int]]:
    """Each county's tasks, walked in Python: direct units and groups it belongs to."""
    counties = {c.pk: c.name for c in Department.objects.filter(kind=DepartmentKind.COUNTY)}
    groups = defaultdict(set)
    for group in Department.objects.filter(kind=DepartmentKind.GROUP).prefetch_related("members"):
        for member in group.members.all():
            groups[group.pk].add(member.pk)
    found: dict[str, set[int]] = defaultdict(set)
    for duty in TaskResponsibility.objects.filter(task__plan_id=plan_id):
        reached = {duty.department_id} | groups.get(duty.department_id, set())
        for county in reached & set(counties):
            found[counties[county]].add(duty.task_id)
    return found


def test_by_county_includes_tasks_assigned_through_groups(cockpit, seed_period):
    expected = _county_tasks_by_hand(seed_period.plan_id)
    rows = {row.name: row for row in cockpit.by_county}
    assert set(rows) == {
        "南湖区政府", "秀洲区政府", "嘉善县政府", "平湖市政府",
        "海盐县政府", "海宁市政府", "桐乡市政府",
    }  # fmt: skip
    assert {name: row.total for name, row in rows.items()} == {
        name: len(tasks) for name, tasks in expected.items()
    }
    assert rows["嘉善县政府"].total == 10
    # Task 12 lists 各县(市、区)政府 and no county by name: every county has it.
    task_12 = KeyTask.objects.get(plan=seed_period.plan, seq="12")
    assert not task_12.responsibilities.filter(department__kind=DepartmentKind.COUNTY).exists()
    assert all(task_12.pk in tasks for tasks in expected.values())


def test_by_county_counts_a_task_once_when_listed_directly_and_through_a_group(seed_period, leader):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="12")  # through 各县(市、区)政府
    county = Department.objects.get(name="嘉善县政府")
    before = next(
        r.total
        for r in cockpit_for(user=leader, period=seed_period).by_county
        if r.name == "嘉善县政府"
    )
    TaskResponsibility.objects.create(
        task=task, department=county, position=99, printed_name=county.name
    )
    cache.clear()
    after = next(
        r.total
        for r in cockpit_for(user=leader, period=seed_period).by_county
        if r.name == "嘉善县政府"
    )
    assert after == before


def test_lagging_lists_red_first_then_the_largest_gap(cockpit):
    lagging = [(t.seq, t.label, t.gap_text, t.lead) for t in cockpit.lagging]
    assert lagging[0] == ("10", "进度滞后", "", "市交通运输局")
    assert lagging[1] == ("79", "部分滞后", "落后1.4个百分点", "市体育局")
    assert {seq for seq, *_ in lagging[2:]} == {"9", "75"}
    assert len(lagging) == 4
    assert cockpit.lagging[1].gap_pp == pytest.approx(1.4)
    assert cockpit.lagging[1].href == f"/ledger/tasks/{cockpit.lagging[1].task_id}/"


def test_scatter_has_every_judged_figure_with_both_rates(cockpit):
    assert cockpit.scatter_total == len(cockpit.scatter) > 0
    first = cockpit.scatter[0]  # furthest behind the schedule
    assert (first.seq, first.completion, first.time_share, first.label) == (
        "88",
        6.7,
        50.0,
        "按时推进",
    )
    assert first.gap_pp == 43.3
    gaps = [p.gap_pp for p in cockpit.scatter]
    assert gaps == sorted(gaps, reverse=True)


def test_trend_counts_each_status_per_period(seed_period, open_period, leader, make_user):
    office = make_user("office_admin")
    tasks = list(KeyTask.objects.filter(plan=seed_period.plan).order_by("position")[:3])
    status_decision_set(task=tasks[0], period=open_period, status="AHEAD", actor=office)
    status_decision_set(task=tasks[1], period=open_period, status="BEHIND", actor=office)
    status_decision_set(task=tasks[2], period=open_period, status="", actor=office)

    trend = cockpit_for(user=leader, period=open_period).trend

    assert [row.label for row in trend] == ["上半年", "1-9月"]
    assert trend[0].counts == {
        "AHEAD": 7,
        "ON_TRACK": 88,
        "PARTLY_BEHIND": 3,
        "BEHIND": 1,
        UNDECIDED: 1,
    }
    assert trend[1].counts == {"AHEAD": 1, "BEHIND": 1, UNDECIDED: 98}
    assert [row.total for row in trend] == [100, 100]


def test_a_new_decision_shows_at_once_despite_the_cache(seed_period, leader, make_user):
    assert cockpit_for(user=leader, period=seed_period).count("BEHIND") == 1
    task = KeyTask.objects.get(plan=seed_period.plan, seq="14")
    status_decision_set(
        task=task, period=seed_period, status="BEHIND", actor=make_user("office_admin")
    )
    assert cockpit_for(user=leader, period=seed_period).count("BEHIND") == 2
    assert cockpit_for(user=leader, period=seed_period).count(UNDECIDED) == 0


def test_default_period_is_the_latest_with_decisions(seed_period, open_period, make_user):
    leader = make_user("leader")
    _plans, plan, periods, period = plan_period_choose(user=leader, plan_id=None, period_id=None)
    assert [p.label for p in periods] == ["上半年", "1-9月"]
    assert period == seed_period  # nobody assessed 1-9月 yet
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    StatusDecision.objects.create(task=task, period=open_period, status="AHEAD")
    assert (
        plan_period_choose(user=leader, plan_id=seed_period.plan_id, period_id=None)[3]
        == open_period
    )
    assert plan == seed_period.plan


def test_department_user_sees_only_its_own_tasks(seed_period, make_user):
    liaison = make_user("liaison", "市商务局")
    mine = cockpit_for(user=liaison, period=seed_period)
    led_or_shared = (
        KeyTask.objects.filter(plan=seed_period.plan, responsibilities__department__name="市商务局")
        .distinct()
        .count()
    )
    assert mine.total == led_or_shared
    assert mine.total < 100
    assert {row.name for row in mine.by_department} >= {"市商务局"}
    assert sum(t.total for t in mine.trend) == mine.total


def _drilled(period, user, href: str) -> int:
    query = parse_qs(urlsplit(href).query)
    filters = DrillFilters(
        statuses=tuple(query.get("status", [""])[0].split(",")) if "status" in query else (),
        department_id=int(query["department"][0]) if "department" in query else None,
        county_id=int(query["county"][0]) if "county" in query else None,
    )
    return drill_tasks_for(user=user, period=period, filters=filters).count()


def _link(links: dict, data_index: int, series_index: int) -> str:
    params = [f"{links['x']['param']}={links['x']['values'][data_index]}"]
    if "series" in links:
        params.append(f"status={links['series']['values'][series_index]}")
    return links["base"] + "&" + "&".join(params)


@pytest.mark.parametrize("chart", ["departments", "counties"])
def test_every_bar_drills_down_to_as_many_tasks_as_it_shows(chart, cockpit, seed_period, leader):
    spec = cockpit_charts(cockpit)[chart]
    for series_index, series in enumerate(spec["option"]["series"]):
        for data_index, value in enumerate(series["data"]):
            href = _link(spec["links"], data_index, series_index)
            assert _drilled(seed_period, leader, href) == value, href


def test_every_status_slice_drills_down_to_its_tasks(cockpit, seed_period, leader):
    spec = cockpit_charts(cockpit)["status"]
    for index, item in enumerate(spec["option"]["series"][0]["data"]):
        href = _link(spec["links"], index, 0)
        assert _drilled(seed_period, leader, href) == item["value"]


def test_chart_json_carries_the_figures(cockpit):
    charts = cockpit_charts(cockpit)
    assert set(charts) == {"status", "departments", "counties", "lagging", "scatter", "trend"}
    pie = charts["status"]["option"]["series"][0]["data"]
    assert [(d["name"], d["value"]) for d in pie] == [
        ("进度较快", 7),
        ("按时推进", 88),
        ("部分滞后", 3),
        ("进度滞后", 1),
        ("未认定", 1),
    ]
    assert pie[1]["label"]["formatter"] == "按时推进\n88项 88.0%"
    assert pie[1]["tooltip"]["formatter"] == "按时推进:88项(88.0%)"
    scatter = charts["scatter"]["option"]["series"]
    assert scatter[-1]["name"] == "序时进度线"
    assert scatter[-1]["data"] == [[0, 0], [100, 100]]
    assert sum(len(s["data"]) for s in scatter[:-1]) == cockpit.scatter_total
    assert charts["lagging"]["links"]["ids"] == [
        t.task_id for t in cockpit.lagging if t.gap_pp is not None
    ]


def test_lagging_bars_name_their_task_and_the_gap_its_unit(cockpit):
    lagging = cockpit_charts(cockpit)["lagging"]["option"]
    axis = lagging["yAxis"]["data"]
    assert axis[0].startswith("79 ")
    assert len(axis[0]) > len("79 ")
    bar = lagging["series"][0]["data"][0]
    assert bar["label"]["formatter"] == "1.4个百分点"
    assert bar["tooltip"]["formatter"].startswith("序号79 ")
