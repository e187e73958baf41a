"""The scoring rules, boundary by boundary: shares, exclusions, bonuses and their cap,
deductions and theirs, slips by level, ties. Every case also checks lines add up to totals."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from duban.appraisal.scoring import (
    DepartmentScore,
    Figure,
    Punctuality,
    RankBy,
    RankGroups,
    ReportInput,
    Rule,
    Scheme,
    ScoreLine,
    SlipInput,
    TaskInput,
    TieBreak,
    Unit,
    classify_report,
    format_date,
    format_number,
    format_points,
    quantize,
    rank_scores,
    score_departments,
)

D = Decimal
DEFAULT = Scheme()
FGW = Unit(1, "市发展改革委", order=1)
CZJ = Unit(2, "市财政局", order=2)
SWJ = Unit(3, "市商务局", order=3)
PERIOD = "2021年上半年"
DUE = date(2021, 7, 10)


def task(
    n: int,
    status: str = "ON_TRACK",
    leads: tuple[Unit, ...] = (FGW,),
    co: tuple[Unit, ...] = (),
    figures: tuple[Figure, ...] = (),
) -> TaskInput:
    return TaskInput(
        id=n,
        label=f"{n} 任务{n}",
        leads=leads,
        co=co,
        status=status,
        status_label={"AHEAD": "进度较快", "ON_TRACK": "按时推进"}.get(status, status),
        figures=figures,
    )


def score(tasks, scheme=DEFAULT, reports=(), slips=()) -> dict[str, DepartmentScore]:
    scores = score_departments(
        tasks=tasks, reports=reports, slips=slips, scheme=scheme, period=PERIOD
    )
    for item in scores:
        # The traceability rule (§6 I.44): a total is exactly the sum of its lines.
        assert item.total == sum((line.points for line in item.lines), D(0))
        assert all(line.points == quantize(line.points) for line in item.lines)
    return {item.department.name: item for item in scores}


def points(item: DepartmentScore, rule: Rule) -> list[Decimal]:
    return [line.points for line in item.lines if line.rule is rule]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("COMPLETED", D("10.00")),
        ("AHEAD", D("10.00")),
        ("ON_TRACK", D("10.00")),
        ("PARTLY_BEHIND", D("6.00")),
        ("BEHIND", D("3.00")),
        ("NOT_STARTED", D("0.00")),
    ],
)
def test_decided_status_earns_its_share_of_the_base(status, expected):
    result = score([task(1, status)])["市发展改革委"]
    assert points(result, Rule.BASE) == [expected]
    assert result.base_possible == D("10.00")


@pytest.mark.parametrize("status", ["", "NOT_ASSESSABLE"])
def test_task_without_a_scored_status_is_excluded(status):
    assert score([task(1, status)]) == {}
    both = score([task(1, status), task(2)])["市发展改革委"]
    assert [line.task_id for line in both.lines] == [2]
    assert both.base_possible == D("10.00")


def test_base_line_names_task_period_rule_and_evidence():
    line = score([task(7, "PARTLY_BEHIND")])["市发展改革委"].lines[0]
    assert line == ScoreLine(
        "7 任务7",
        PERIOD,
        Rule.BASE,
        D("6.00"),
        "认定状态「PARTLY_BEHIND」:基本分10分×牵头单位100%×得分比例60%",
        7,
    )
    assert line.rule_label == "基本分"


@pytest.mark.parametrize(
    ("co_share", "expected_co"),
    [
        (D(0), None),  # default: co-departments earn nothing, and get no line
        (D(30), [D("3.00")]),
        (D("33.333"), [D("3.33")]),  # quantized to 0.01, half up
        (D(100), [D("10.00")]),
    ],
)
def test_co_departments_earn_their_share(co_share, expected_co):
    scheme = replace(DEFAULT, co_share_pct=co_share)
    result = score([task(1, co=(CZJ,))], scheme)
    assert points(result["市发展改革委"], Rule.BASE) == [D("10.00")]
    if expected_co is None:
        assert "市财政局" not in result
    else:
        assert points(result["市财政局"], Rule.BASE) == expected_co


def test_co_department_share_times_status_share():
    scheme = replace(DEFAULT, co_share_pct=D(50))
    result = score([task(1, "BEHIND", co=(CZJ,))], scheme)
    assert points(result["市财政局"], Rule.BASE) == [D("1.50")]  # 10 × 50% × 30%
    assert "配合单位50%" in result["市财政局"].lines[0].evidence


def test_unit_listed_as_lead_and_co_scores_once_as_lead():
    scheme = replace(DEFAULT, co_share_pct=D(30))
    result = score([task(1, leads=(FGW, SWJ), co=(FGW, CZJ))], scheme)
    assert points(result["市发展改革委"], Rule.BASE) == [D("10.00")]
    assert points(result["市商务局"], Rule.BASE) == [D("10.00")]  # several leads: each leads
    assert points(result["市财政局"], Rule.BASE) == [D("3.00")]


@pytest.mark.parametrize(
    ("status", "figures", "rule", "bonus"),
    [
        ("AHEAD", (), Rule.BONUS_EARLY, D("0.80")),
        ("COMPLETED", (), Rule.BONUS_EARLY, D("0.80")),
        ("ON_TRACK", (), None, None),
        # 10% above the schedule exactly: 55.0 against 50.0.
        ("ON_TRACK", (Figure(D("55.0"), D("50.0")),), Rule.BONUS_EXCEED, D("0.80")),
        ("ON_TRACK", (Figure(D("54.9"), D("50.0")),), None, None),
        # One bonus per task: the figures' rule takes precedence over the status's.
        ("AHEAD", (Figure(D("80.0"), D("50.0")),), Rule.BONUS_EXCEED, D("0.80")),
        ("AHEAD", (Figure(D("54.9"), D("50.0")),), Rule.BONUS_EARLY, D("0.80")),
        # Every figure must exceed; one short means the task did not.
        (
            "ON_TRACK",
            (Figure(D("80.0"), D("50.0")), Figure(D("50.0"), D("50.0"))),
            None,
            None,
        ),
        ("ON_TRACK", (Figure(D("10.0"), D("0")),), None, None),  # no schedule to exceed
        # A task decided behind earns no bonus, whatever its figures show.
        ("PARTLY_BEHIND", (Figure(D("80.0"), D("50.0")),), None, None),
    ],
)
def test_bonus_rules(status, figures, rule, bonus):
    result = score([task(1, status, figures=figures)])["市发展改革委"]
    bonuses = [line for line in result.lines if line.rule is not Rule.BASE]
    if rule is None:
        assert bonuses == []
    else:
        assert [(line.rule, line.points) for line in bonuses] == [(rule, bonus)]


def test_exceed_evidence_prints_the_figures():
    figures = (Figure(D("65.0"), D("50.0")),)
    line = score([task(1, figures=figures)])["市发展改革委"].lines[1]
    assert line.evidence == (
        "完成65.0%,序时进度50.0%,完成为序时进度的130.0%(标准:不低于序时进度的110%),"
        "加该项基本分10分的8%"
    )


def test_bonus_rules_switched_off_by_zero_percent():
    scheme = replace(DEFAULT, early_bonus_pct=D(0), exceed_bonus_pct=D(0))
    figures = (Figure(D("80.0"), D("50.0")),)
    result = score([task(1, "AHEAD", figures=figures)], scheme)["市发展改革委"]
    assert [line.rule for line in result.lines] == [Rule.BASE]


def test_bonus_cap_reached_exactly_then_zero():
    tasks = [task(n, "AHEAD") for n in range(1, 7)]
    result = score(tasks)["市发展改革委"]
    # Five bonuses of 0.80 reach the cap of 4 exactly; the sixth earns nothing, and says why.
    assert points(result, Rule.BONUS_EARLY) == [D("0.80")] * 5 + [D("0.00")]
    assert result.bonus == D("4.00")
    assert "加分合计以4分为限" not in result.lines[-3].evidence
    assert result.lines[-1].evidence.endswith(";加分合计以4分为限,本项计0分")
    assert result.total == D("64.00")


def test_bonus_cap_cuts_a_bonus_in_part():
    scheme = replace(DEFAULT, early_bonus_pct=D(30))
    result = score([task(1, "AHEAD"), task(2, "AHEAD")], scheme)["市发展改革委"]
    assert points(result, Rule.BONUS_EARLY) == [D("3.00"), D("1.00")]
    assert result.lines[-1].evidence.endswith("本项计1分")


def test_bonus_cap_is_per_department():
    tasks = [task(n, "AHEAD", leads=(FGW,)) for n in range(1, 7)]
    tasks.append(task(7, "AHEAD", leads=(CZJ,)))
    result = score(tasks)
    assert result["市发展改革委"].bonus == D("4.00")
    assert result["市财政局"].bonus == D("0.80")


def report(n: int, punctuality: Punctuality, unit: Unit = FGW, **kwargs) -> ReportInput:
    return ReportInput(task_id=n, unit=unit, punctuality=punctuality, **kwargs)


@pytest.mark.parametrize(
    ("punctuality", "rule", "deduction"),
    [
        (Punctuality.ON_TIME, None, None),
        (Punctuality.PENDING, None, None),
        (Punctuality.LATE, Rule.LATE_REPORT, D("-1.00")),
        (Punctuality.OVERDUE, Rule.LATE_REPORT, D("-1.00")),
        # 10 taken off an item whose base is 10: the deduction equals the base, no cap note.
        (Punctuality.MISSING, Rule.MISSING_REPORT, D("-10.00")),
    ],
)
def test_report_deductions(punctuality, rule, deduction):
    result = score(
        [task(1)], reports=[report(1, punctuality, due=DUE, delivered_on=date(2021, 7, 13))]
    )["市发展改革委"]
    lines = [line for line in result.lines if line.rule is not Rule.BASE]
    if rule is None:
        assert lines == []
    else:
        assert [(line.rule, line.points) for line in lines] == [(rule, deduction)]
        assert "不超过" not in lines[0].evidence


@pytest.mark.parametrize(
    ("punctuality", "kwargs", "evidence"),
    [
        (
            Punctuality.LATE,
            {"due": DUE, "delivered_on": date(2021, 7, 13)},
            "报告截止2021年7月10日,2021年7月13日报送,逾期3天,扣1分",
        ),
        (Punctuality.LATE, {}, "报告未设截止日期,逾期报送,扣1分"),
        (
            Punctuality.OVERDUE,
            {"due": DUE},
            "报告截止2021年7月10日,逾期尚未报送(期次结束时仍未报送的按缺报计),扣1分",
        ),
        (Punctuality.MISSING, {}, "报告未设截止日期,期次结束时仍未报送,扣10分"),
    ],
)
def test_report_deduction_evidence(punctuality, kwargs, evidence):
    result = score([task(1)], reports=[report(1, punctuality, **kwargs)])["市发展改革委"]
    assert result.lines[-1].evidence == evidence


def test_deduction_never_above_the_item_base():
    scheme = replace(DEFAULT, base_points=D(5))
    result = score([task(1)], scheme, reports=[report(1, Punctuality.MISSING)])["市发展改革委"]
    assert points(result, Rule.MISSING_REPORT) == [D("-5.00")]
    assert result.lines[-1].evidence.endswith(";扣分不超过该项基本分5分,本项计扣5分")
    assert result.total == D("0.00")


def test_deduction_cap_share_is_configurable():
    scheme = replace(DEFAULT, item_deduction_cap_pct=D(50))
    result = score([task(1)], scheme, reports=[report(1, Punctuality.MISSING)])["市发展改革委"]
    assert points(result, Rule.MISSING_REPORT) == [D("-5.00")]


def test_deduction_on_an_excluded_task_still_counts():
    # A report never delivered usually leaves the task without a decided status: the missing
    # report must still cost the lead, capped by the item's nominal base.
    result = score([task(1, "")], reports=[report(1, Punctuality.MISSING)])["市发展改革委"]
    assert [(line.rule, line.points) for line in result.lines] == [
        (Rule.MISSING_REPORT, D("-10.00"))
    ]
    assert result.base_possible == D("0")


def test_zero_deduction_writes_no_line():
    scheme = replace(DEFAULT, late_report_points=D(0))
    result = score([task(1)], scheme, reports=[report(1, Punctuality.LATE)])["市发展改革委"]
    assert [line.rule for line in result.lines] == [Rule.BASE]


@pytest.mark.parametrize(
    ("quality_points", "flags", "lines"),
    [
        # Off by default: flags are counted elsewhere, never scored.
        (D(0), ("内容空泛",), []),
        (D("0.5"), (), []),
        (D("0.5"), ("内容空泛", "缺少可比数据"), [(Rule.REPORT_QUALITY, D("-0.50"))]),
    ],
)
def test_report_quality_costs_points_only_when_the_scheme_says_so(quality_points, flags, lines):
    scheme = replace(DEFAULT, report_quality_points=quality_points)
    flagged = replace(report(1, Punctuality.ON_TIME), quality_flags=flags)
    result = score([task(1)], scheme, reports=[flagged])["市发展改革委"]
    found = [(line.rule, line.points) for line in result.lines if line.rule is not Rule.BASE]
    assert found == lines
    if lines:
        assert result.lines[-1].evidence == "报告有质量提示(内容空泛、缺少可比数据),扣0.5分"


def test_report_of_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="unknown task 9"):
        score([task(1)], reports=[report(9, Punctuality.MISSING)])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"blue": 3}, []),  # blue costs 0 by default: no line
        ({"yellow": 1}, [(Rule.SLIP_YELLOW, D("-1.00"))]),
        ({"yellow": 2, "red": 1}, [(Rule.SLIP_YELLOW, D("-2.00")), (Rule.SLIP_RED, D("-2.00"))]),
        ({"red": 2}, [(Rule.SLIP_RED, D("-4.00"))]),
        ({"yellow": 0, "red": 0}, []),
    ],
)
def test_slips_by_level(counts, expected):
    result = score([task(1)], slips=[SlipInput(FGW, counts)])["市发展改革委"]
    slip_lines = [line for line in result.lines if line.rule is not Rule.BASE]
    assert [(line.rule, line.points) for line in slip_lines] == expected
    assert all(line.task == "" and line.task_id is None for line in slip_lines)


def test_slip_evidence():
    result = score([task(1)], slips=[SlipInput(FGW, {"yellow": 2})])["市发展改革委"]
    assert result.lines[-1].evidence == "黄色督办单2张,每张扣1分"
    assert result.lines[-1].period == PERIOD


def test_blue_slips_cost_when_the_scheme_says_so():
    scheme = replace(DEFAULT, slip_points={"blue": D("0.5"), "yellow": D(1), "red": D(2)})
    result = score([task(1)], scheme, slips=[SlipInput(FGW, {"blue": 3})])["市发展改革委"]
    assert points(result, Rule.SLIP_BLUE) == [D("-1.50")]


def test_slip_deductions_capped_by_the_departments_base():
    scheme = replace(DEFAULT, base_points=D(3))
    slips = [SlipInput(FGW, {"yellow": 2, "red": 1})]
    result = score([task(1)], scheme, slips=slips)["市发展改革委"]
    # Base 3: yellow −2 fits, red −2 is held to the 1 point left.
    assert points(result, Rule.SLIP_YELLOW) == [D("-2.00")]
    assert points(result, Rule.SLIP_RED) == [D("-1.00")]
    assert result.lines[-1].evidence.endswith(";督办单扣分合计不超过本单位基本分3分,本项计扣1分")
    assert result.total == D("0.00")


def test_slips_of_a_unit_without_base_show_as_zero():
    result = score([task(1)], slips=[SlipInput(CZJ, {"red": 1})])["市财政局"]
    assert [(line.rule, line.points) for line in result.lines] == [(Rule.SLIP_RED, D("0.00"))]
    assert format_points(result.lines[0].points) == "0.00"  # never "-0.00"
    assert result.total == D("0.00")


def department(unit: Unit, total: str, deductions: str = "0") -> DepartmentScore:
    lines = [ScoreLine("t", PERIOD, Rule.BASE, D(total) + D(deductions), "")]
    if D(deductions):
        lines.append(ScoreLine("t", PERIOD, Rule.LATE_REPORT, -D(deductions), ""))
    return DepartmentScore(unit, D(total), 0, tuple(lines))


A, B, C, E = (Unit(n, name, order=n) for n, name in enumerate("甲乙丙丁", start=1))


@pytest.mark.parametrize(
    ("scores", "tie_break", "expected"),
    [
        # Same total, same rank; the next rank skips.
        (
            [department(A, "90"), department(B, "95"), department(C, "90"), department(E, "80")],
            TieBreak.SHARED,
            [("乙", 1), ("甲", 2), ("丙", 2), ("丁", 4)],
        ),
        # Fewer deductions first among equal totals.
        (
            [department(A, "90", "2"), department(B, "90", "1"), department(C, "90", "2")],
            TieBreak.FEWER_DEDUCTIONS,
            [("乙", 1), ("甲", 2), ("丙", 2)],
        ),
        # Deductions are ignored unless the scheme says so.
        (
            [department(A, "90", "2"), department(B, "90", "1")],
            TieBreak.SHARED,
            [("甲", 1), ("乙", 1)],
        ),
        # Everyone equal.
        ([department(A, "0"), department(B, "0")], TieBreak.SHARED, [("甲", 1), ("乙", 1)]),
        ([], TieBreak.SHARED, []),
    ],
)
def test_ranks(scores, tie_break, expected):
    ranked = rank_scores(scores, tie_break=tie_break)
    assert [(s.department.name, s.rank) for s in ranked] == expected


def rated(unit: Unit, total: str, possible: str) -> DepartmentScore:
    return replace(department(unit, total), base_possible=D(possible))


COUNTY_A = Unit(11, "南湖区", order=11, group="县(市、区)政府", group_order=1)
COUNTY_B = Unit(12, "秀洲区", order=12, group="县(市、区)政府", group_order=1)
CITY_A = Unit(21, "市商务局", order=1, group="市直单位")
CITY_B = Unit(22, "市财政局", order=2, group="市直单位")


@pytest.mark.parametrize(
    ("scores", "rank_by", "groups", "expected"),
    [
        # 134 of 140 (95.71%) ranks after 10 of 10 (100%): load is not performance.
        (
            [rated(CITY_A, "134", "140"), rated(CITY_B, "10", "10")],
            RankBy.RATE,
            RankGroups.TOGETHER,
            [("市财政局", 1, D("100.00")), ("市商务局", 2, D("95.71"))],
        ),
        (
            [rated(CITY_A, "134", "140"), rated(CITY_B, "10", "10")],
            RankBy.TOTAL,
            RankGroups.TOGETHER,
            [("市商务局", 1, D("95.71")), ("市财政局", 2, D("100.00"))],
        ),
        # County governments and city units each ranked from 1, city units listed first.
        (
            [
                rated(COUNTY_A, "20", "20"),
                rated(CITY_A, "9", "10"),
                rated(COUNTY_B, "18", "20"),
                rated(CITY_B, "10", "10"),
            ],
            RankBy.RATE,
            RankGroups.SEPARATE,
            [
                ("市财政局", 1, D("100.00")),
                ("市商务局", 2, D("90.00")),
                ("南湖区", 1, D("100.00")),
                ("秀洲区", 2, D("90.00")),
            ],
        ),
        # Deductions alone (nothing scored): no rate, ranked last.
        (
            [rated(CITY_A, "-1", "0"), rated(CITY_B, "0", "10")],
            RankBy.RATE,
            RankGroups.TOGETHER,
            [("市财政局", 1, D("0.00")), ("市商务局", 2, None)],
        ),
    ],
)
def test_ranks_by_rate_and_groups(scores, rank_by, groups, expected):
    ranked = rank_scores(scores, rank_by=rank_by, rank_groups=groups)
    assert [(s.department.name, s.rank, s.rate) for s in ranked] == expected


def test_the_default_scheme_ranks_by_rate_in_separate_groups():
    assert (DEFAULT.rank_by, DEFAULT.rank_groups) == (RankBy.RATE, RankGroups.SEPARATE)


def test_fewer_deductions_from_the_scheme():
    scheme = replace(DEFAULT, tie_break=TieBreak.FEWER_DEDUCTIONS)
    tasks = [task(1, leads=(FGW,)), task(2, "AHEAD", leads=(CZJ,))]
    # 市发展改革委 10.00 with no deduction; 市财政局 10.80 − 0.80 (a blue slip worth 0.8).
    scheme = replace(scheme, slip_points={"blue": D("0.8"), "yellow": D(1), "red": D(2)})
    result = score(tasks, scheme, slips=[SlipInput(CZJ, {"blue": 1})])
    assert result["市发展改革委"].total == result["市财政局"].total == D("10.00")
    assert (result["市发展改革委"].rank, result["市财政局"].rank) == (1, 2)
    assert result["市财政局"].deductions == D("0.80")


def test_whole_sheet_adds_up():
    scheme = replace(DEFAULT, co_share_pct=D(20))
    tasks = [
        task(1, "AHEAD", co=(CZJ,)),
        task(2, "PARTLY_BEHIND", co=(CZJ, SWJ)),
        task(3, "BEHIND", leads=(CZJ,)),
        task(4, "", leads=(SWJ,)),
    ]
    reports = [report(2, Punctuality.LATE), report(4, Punctuality.MISSING, unit=SWJ)]
    slips = [SlipInput(CZJ, {"yellow": 1})]
    result = score(tasks, scheme, reports, slips)
    assert result["市发展改革委"].total == D("15.80")  # 10 + 0.8 + 6 − 1
    assert result["市财政局"].total == D("5.36")  # 2 + 0.16 + 1.2 + 3 − 1 (yellow)
    assert result["市商务局"].total == D("-8.80")  # 1.2 − 10
    assert result["市发展改革委"].earned_base == D("16.00")
    assert result["市发展改革委"].deductions == D("1.00")
    assert [r.rank for r in result.values()] == [1, 2, 3]


@pytest.mark.parametrize(
    ("delivered", "delivered_on", "due", "ended", "today", "expected"),
    [
        (True, None, DUE, True, date(2021, 8, 1), Punctuality.ON_TIME),  # imported
        (True, DUE, DUE, False, DUE, Punctuality.ON_TIME),  # on the due date itself
        (True, date(2021, 7, 11), DUE, False, DUE, Punctuality.LATE),
        (True, date(2021, 7, 11), None, False, DUE, Punctuality.ON_TIME),  # no due date
        (False, None, DUE, True, DUE, Punctuality.MISSING),
        (False, None, None, True, DUE, Punctuality.MISSING),
        (False, None, DUE, False, DUE, Punctuality.PENDING),  # due today: not yet late
        (False, None, DUE, False, date(2021, 7, 11), Punctuality.OVERDUE),
        (False, None, None, False, date(2021, 7, 11), Punctuality.PENDING),
    ],
)
def test_classify_report(delivered, delivered_on, due, ended, today, expected):
    assert (
        classify_report(
            delivered=delivered, delivered_on=delivered_on, due=due, ended=ended, today=today
        )
        is expected
    )


@pytest.mark.parametrize(
    ("value", "number", "points_text"),
    [
        (D("10"), "10", "10.00"),
        (D("10.00"), "10", "10.00"),
        (D("0.80"), "0.8", "0.80"),
        (D("-1.5"), "-1.5", "-1.50"),
        (D("0.005"), "0.005", "0.01"),
        (D("-0.00"), "0", "0.00"),
        (D("0"), "0", "0.00"),
    ],
)
def test_number_formats(value, number, points_text):
    assert format_number(value) == number
    assert format_points(value) == points_text


def test_format_date():
    assert format_date(date(2021, 10, 1)) == "2021年10月1日"
