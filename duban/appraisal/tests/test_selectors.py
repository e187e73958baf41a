"""The facts scoring reads from the database: units (groups expanded), decided statuses,
report punctuality from the review trail, slips from the supervision app."""

import datetime

import pytest

from duban.appraisal.scoring import Punctuality, Rule, Scheme
from duban.appraisal.selectors import department_scores, scoring_facts, task_label
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport
from duban.reporting.services.periods import period_close
from duban.reporting.services.reports import ReportContent, report_act, report_save
from duban.supervision.services import slip_issue

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
FGW = "市发展改革委"


def at(day: int, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2021, month, day, 10, tzinfo=SHANGHAI)


def deliver(report: ProgressReport, liaison, head) -> ProgressReport:
    """The lead department's liaison writes and submits; its head passes it to the office."""
    report = report_save(
        report=report,
        content=ReportContent(progress="1.已完成。"),
        expected_version=report.version,
        actor=liaison,
    )
    report = report_act(report=report, action="submit", actor=liaison)
    return report_act(report=report, action="approve", actor=head)


@pytest.fixture
def fgw(make_user, seed_period):
    return make_user("liaison", FGW), make_user("head", FGW)


def fgw_reports(period) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(period=period, department__name=FGW).order_by(
            "task__position"
        )
    )


def test_imported_period_has_no_deductions(seed_period):
    facts = scoring_facts(period=seed_period, today=datetime.date(2021, 9, 1))
    assert len(facts.tasks) == 100
    assert {r.punctuality for r in facts.reports} == {Punctuality.ON_TIME}
    assert facts.slips == []


def test_groups_expand_to_their_members(seed_period):
    facts = scoring_facts(period=seed_period, today=datetime.date(2021, 9, 1))
    task = next(t for t in facts.tasks if t.label.startswith("83 "))  # 市教育局、各县(市、区)政府
    assert [u.name for u in task.leads] == ["市教育局"]
    co = {u.name for u in task.co}
    assert "各县(市、区)政府" not in co
    assert {"南湖区政府", "秀洲区政府", "嘉善县政府"} <= co


def test_task_labels_name_the_row(seed_period):
    first = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    assert task_label(first).startswith("1 组织实施高水平生态绿色示范区建设专项行动")
    assert task_label(first).endswith("…")
    sub = KeyTask.objects.filter(plan=seed_period.plan, seq="").select_related("parent").first()
    assert sub is not None
    assert sub.parent is not None
    assert task_label(sub).startswith(f"{sub.parent.seq}(子项) ")


def test_punctuality_from_the_review_trail(open_period, fgw, time_machine):
    liaison, head = fgw
    on_time, late, undelivered = fgw_reports(open_period)[:3]
    time_machine.move_to(at(9))
    deliver(on_time, liaison, head)
    time_machine.move_to(at(13))
    deliver(late, liaison, head)
    facts = scoring_facts(period=open_period, today=datetime.date(2021, 10, 13))
    by_task = {r.task_id: r for r in facts.reports}
    assert by_task[on_time.task_id].punctuality is Punctuality.ON_TIME
    assert by_task[late.task_id].punctuality is Punctuality.LATE
    assert by_task[late.task_id].delivered_on == datetime.date(2021, 10, 13)
    assert by_task[undelivered.task_id].punctuality is Punctuality.OVERDUE
    before_due = scoring_facts(period=open_period, today=datetime.date(2021, 10, 10))
    assert {r.task_id: r for r in before_due.reports}[
        undelivered.task_id
    ].punctuality is Punctuality.PENDING


def test_returned_report_keeps_its_first_delivery(open_period, fgw, make_user, time_machine):
    liaison, head = fgw
    report = fgw_reports(open_period)[0]
    time_machine.move_to(at(9))
    report = deliver(report, liaison, head)
    time_machine.move_to(at(12))
    report_act(report=report, action="return", actor=make_user("reviewer"), reason="请补充数据。")
    facts = scoring_facts(period=open_period, today=datetime.date(2021, 10, 20))
    assert {r.task_id: r for r in facts.reports}[report.task_id].punctuality is Punctuality.ON_TIME


def test_closed_period_turns_undelivered_reports_missing(open_period, fgw, make_user):
    period_close(period=open_period, actor=make_user("office_admin"))
    scores = department_scores(
        period=open_period, scheme=Scheme(), today=datetime.date(2021, 11, 1)
    )
    fgw_score = next(s for s in scores if s.department.name == FGW)
    missing = [line for line in fgw_score.lines if line.rule is Rule.MISSING_REPORT]
    assert len(missing) == len(fgw_reports(open_period))
    assert missing[0].evidence == "报告截止2021年10月10日,期次结束时仍未报送,扣10分"
    assert fgw_score.total == sum(line.points for line in fgw_score.lines)


def test_slips_come_from_the_supervision_app(seed_period, make_user):
    admin = make_user("office_admin")
    tasks = list(
        KeyTask.objects.filter(plan=seed_period.plan, responsibilities__position=0)
        .filter(responsibilities__department__name=FGW)
        .order_by("position")
    )
    slip_issue(
        task=tasks[0], level="yellow", requirements="加快。", actor=admin, period=seed_period
    )
    slip_issue(task=tasks[1], level="red", requirements="加快。", actor=admin, period=seed_period)
    slip_issue(task=tasks[2], level="red", requirements="加快。", actor=admin)  # no period
    facts = scoring_facts(period=seed_period, today=datetime.date(2021, 9, 1))
    assert [(s.unit.name, dict(s.counts)) for s in facts.slips] == [
        (FGW, {"blue": 0, "yellow": 1, "red": 1})
    ]
    scores = department_scores(period=seed_period, scheme=Scheme(), today=datetime.date(2021, 9, 1))
    fgw_score = next(s for s in scores if s.department.name == FGW)
    slip_lines = [(line.rule, line.points) for line in fgw_score.lines if line.task == ""]
    assert [(rule, str(points)) for rule, points in slip_lines] == [
        (Rule.SLIP_YELLOW, "-1.00"),
        (Rule.SLIP_RED, "-2.00"),
    ]


def test_scoring_reads_a_fixed_number_of_queries(seed_period, django_assert_max_num_queries):
    department_scores(period=seed_period, scheme=Scheme(), today=datetime.date(2021, 9, 1))
    with django_assert_max_num_queries(20):  # 100 tasks, 40 units: still a handful of reads
        department_scores(period=seed_period, scheme=Scheme(), today=datetime.date(2021, 9, 1))
