"""The report workflow services: who may do what, versions, no lost updates, closed periods."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask
from duban.notifications.models import Notification
from duban.reporting.choices import ReportState
from duban.reporting.models import ProgressReport, ReportVersion
from duban.reporting.services.periods import period_close, period_open
from duban.reporting.services.reports import (
    FigureInput,
    ReportContent,
    StaleVersionError,
    report_act,
    report_attach,
    report_contribute,
    report_save,
)

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2021, 9, 30)
DUE = datetime.date(2021, 10, 10)


@pytest.fixture
def period(open_period):
    return open_period


@pytest.fixture
def people(make_user, period):
    return {
        "liaison": make_user("liaison", "市发展改革委"),
        "head": make_user("head", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "other_liaison": make_user("liaison", "市商务局"),
        "co_liaison": make_user("liaison", "长三角发展办"),
    }


@pytest.fixture
def report(period):
    """Task 6: 市发展改革委 leads, 长三角发展办 co-leads."""
    return ProgressReport.objects.get(period=period, task__seq="6")


def save(report, actor, text="1.完成项目签约。", version=None):
    return report_save(
        report=report,
        content=ReportContent(progress=text),
        expected_version=report.version if version is None else version,
        actor=actor,
    )


def test_opening_a_period_creates_one_draft_per_task_for_its_lead(period):
    reports = ProgressReport.objects.filter(period=period)
    assert reports.count() == 100
    assert set(reports.values_list("state", flat=True)) == {ReportState.DRAFT}
    assert reports.get(task__seq="8").department.name == "市发展改革委"


def test_opening_twice_is_refused(period, make_user):
    with pytest.raises(DomainError, match="已存在"):
        period_open(
            plan=period.plan,
            label="1-9月",
            as_of=AS_OF,
            due_date=DUE,
            actor=make_user("office_admin"),
        )


def test_full_workflow_keeps_every_submitted_version(report, people):
    report = save(report, people["liaison"], "1.第一稿。")
    report = report_act(report=report, action="submit", actor=people["liaison"])
    assert report.state == ReportState.PENDING_HEAD
    report = report_act(report=report, action="approve", actor=people["head"])
    assert report.state == ReportState.SUBMITTED
    report = report_act(
        report=report, action="return", actor=people["reviewer"], reason="请补充1-9月投资完成额。"
    )
    assert report.state == ReportState.RETURNED
    assert report.return_reason == "请补充1-9月投资完成额。"
    report = save(report, people["liaison"], "1.第二稿,1-9月完成投资200亿元。")
    assert report.state == ReportState.DRAFT
    report = report_act(report=report, action="submit", actor=people["liaison"])
    report = report_act(report=report, action="approve", actor=people["head"])
    report = report_act(report=report, action="approve", actor=people["reviewer"])
    assert report.state == ReportState.APPROVED
    versions = list(ReportVersion.objects.filter(report=report).values_list("number", "progress"))
    assert versions == [(1, "1.第一稿。"), (2, "1.第二稿,1-9月完成投资200亿元。")]
    verbs = list(
        AuditEvent.objects.filter(target_id=str(report.pk), target_type="reporting.ProgressReport")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "reporting.report_save",
        "reporting.report_submit",
        "reporting.report_approve",
        "reporting.report_return",
        "reporting.report_save",
        "reporting.report_submit",
        "reporting.report_approve",
        "reporting.report_approve",
    ]


@pytest.mark.parametrize(
    ("who", "action", "state"),
    [
        ("other_liaison", "save", ReportState.DRAFT),  # another department
        ("co_liaison", "save", ReportState.DRAFT),  # co-department: contributes, never edits
        ("head", "save", ReportState.DRAFT),  # the head approves, does not write
        ("reviewer", "submit", ReportState.DRAFT),
        ("liaison", "approve", ReportState.PENDING_HEAD),  # no self-approval
        ("reviewer", "approve", ReportState.PENDING_HEAD),  # the head comes first
        ("head", "approve", ReportState.SUBMITTED),
        ("liaison", "submit", ReportState.SUBMITTED),
    ],
)
def test_forbidden_actions_are_refused_not_ignored(report, people, who, action, state):
    ProgressReport.objects.filter(pk=report.pk).update(state=state, progress="1.内容。")
    report.refresh_from_db()

    def attempt():
        if action == "save":
            return save(report, people[who])
        return report_act(report=report, action=action, actor=people[who], reason="原因")

    with pytest.raises(PermissionDenied):
        attempt()
    report.refresh_from_db()
    assert report.state == state


def test_return_needs_a_reason(report, people):
    save(report, people["liaison"])
    report_act(report=report, action="submit", actor=people["liaison"])
    with pytest.raises(DomainError, match="退回必须填写原因"):
        report_act(report=report, action="return", actor=people["head"], reason="  ")


def test_submit_needs_progress(report, people):
    with pytest.raises(DomainError, match="进展情况"):
        report_act(report=report, action="submit", actor=people["liaison"])


def test_second_save_on_a_stale_version_is_refused(report, people, make_user):
    colleague = make_user("liaison", "市发展改革委", username="colleague")
    loaded = report.version
    save(report, people["liaison"], "1.甲的内容。", version=loaded)
    with pytest.raises(StaleVersionError, match="已被") as refused:
        save(report, colleague, "1.乙的内容。", version=loaded)
    assert refused.value.extra["current_version"] == loaded + 1
    report.refresh_from_db()
    assert report.progress == "1.甲的内容。"


def test_closed_period_takes_no_more_edits(report, people, make_user, period):
    period_close(period=period, actor=make_user("office_admin"))
    report.refresh_from_db()
    with pytest.raises(DomainError, match="已关闭"):
        save(report, people["liaison"])


def test_figures_are_saved_and_checked(report, people):
    figure = FigureInput(
        name="新增城镇就业", value=Decimal("9.27"), unit="万人", month_from=1, month_to=9
    )
    report = report_save(
        report=report,
        content=ReportContent(progress="1.x", figures=(figure,)),
        expected_version=report.version,
        actor=people["liaison"],
    )
    assert list(report.figures.values_list("name", "month_to")) == [("新增城镇就业", 9)]
    bad = FigureInput(name="x", value=Decimal(1), unit="", month_from=9, month_to=3)
    with pytest.raises(Exception, match="month"):
        report_save(
            report=report,
            content=ReportContent(progress="1.x", figures=(bad,)),
            expected_version=report.version,
            actor=people["liaison"],
        )


def test_text_is_normalised_to_paragraph_lines(report, people):
    report = save(report, people["liaison"], "1.第一段。\r\n\r\n2.第二段。  \r\n")
    assert report.progress == "1.第一段。\n2.第二段。"


def test_co_department_contributes_its_part(report, people):
    report_contribute(report=report, text="长三角办:已完成方案。", actor=people["co_liaison"])
    assert report.contributions.get().department.name == "长三角发展办"
    with pytest.raises(PermissionDenied):
        report_contribute(report=report, text="x", actor=people["other_liaison"])


def test_steps_notify_the_next_person(report, people, django_capture_on_commit_callbacks):
    people["head"].email = "head@example.gov.cn"
    people["head"].save()
    save(report, people["liaison"])
    with django_capture_on_commit_callbacks(execute=True):
        report_act(report=report, action="submit", actor=people["liaison"])
    assert Notification.objects.filter(
        recipient=people["head"], subject__startswith="待审核"
    ).exists()
    assert mail.outbox[0].to == ["head@example.gov.cn"]
    with django_capture_on_commit_callbacks(execute=True):
        report_act(report=report, action="return", actor=people["head"], reason="数据有误")
    note = Notification.objects.get(recipient=people["liaison"])
    assert "退回原因:数据有误" in note.body


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("evidence.pdf", PDF, None),
        ("photo.png", PNG, None),
        ("evidence.exe", b"MZ\x90\x00", "内容不是"),
        ("fake.pdf", PNG, "扩展名与文件内容"),
        ("script.pdf", b"<script>alert(1)</script>", "内容不是"),
    ],
)
def test_attachments_are_checked_by_content(report, people, name, data, error):
    if error is None:
        attachment = report_attach(report=report, name=name, data=data, actor=people["liaison"])
        assert attachment.size == len(data)
        assert attachment.file.name.startswith(f"attachments/{report.pk}/")
    else:
        with pytest.raises(DomainError, match=error):
            report_attach(report=report, name=name, data=data, actor=people["liaison"])


def test_attachment_size_limit():
    from duban.core import evidence

    with pytest.raises(ValueError, match="20 MB"):
        evidence.check("big.pdf", PDF + b"0" * evidence.MAX_BYTES)


def test_only_tasks_with_a_lead_get_reports(period):
    assert (
        ProgressReport.objects.filter(period=period).count()
        == KeyTask.objects.filter(plan=period.plan).count()
    )
