"""Report quality in the product: per report, per department per period, the cockpit and
bulletin line. Counted, never blocking."""

import pytest

from duban.assessment.selectors import (
    REPORT_QUALITY_CLEAN,
    period_report_quality,
    report_quality_flags,
    report_quality_sentence,
)
from duban.reporting.models import ProgressReport
from duban.reporting.services.reports import ReportContent, report_act, report_save

pytestmark = pytest.mark.django_db


def _submit(report: ProgressReport, text: str, actor) -> ProgressReport:
    report_save(
        report=report,
        content=ReportContent(progress=text),
        expected_version=report.version,
        actor=actor,
    )
    report_act(report=report, action="submit", actor=actor)
    report.refresh_from_db()
    return report


def test_flags_are_counted_per_department_and_said_in_one_line(open_period, make_user):
    reports = list(
        ProgressReport.objects.filter(period=open_period, department__name="市发展改革委")
        .select_related("task")
        .order_by("task__position")[:2]
    )
    liaison = make_user("liaison", "市发展改革委")
    empty = _submit(reports[0], "稳步推进。", liaison)
    assert [flag.code for flag in report_quality_flags(report=empty)][:1] == ["empty"]
    _submit(reports[1], "1-9月,全市完成相关工作,新签约项目12个。", liaison)
    rows = period_report_quality(period=open_period)
    (row,) = [row for row in rows if row.department.name == "市发展改革委"]
    assert row.reports == 2
    assert row.flagged >= 1
    assert row.counts["empty"] == 1
    assert "内容空泛1份" in row.summary
    sentence = report_quality_sentence(rows)
    assert sentence.startswith("报送质量:本期提交2份报告,")
    assert "市发展改革委" in sentence


def test_no_submitted_report_says_nothing_and_a_clean_period_says_so(open_period):
    assert report_quality_sentence(period_report_quality(period=open_period)) == ""
    assert REPORT_QUALITY_CLEAN.format(reports=3) == "报送质量:本期提交3份报告,均无质量提示。"


def test_figures_reported_in_the_form_are_comparable_figures(open_period, make_user):
    from decimal import Decimal

    from duban.reporting.services.reports import FigureInput

    report = (
        ProgressReport.objects.filter(period=open_period, task__seq="86")
        .select_related("task", "department")
        .get()
    )
    actor = make_user("liaison", report.department.name)
    text = "各地扎实开展就业帮扶,组织线上线下招聘活动,重点群体就业总体稳定。"
    report_save(
        report=report,
        content=ReportContent(progress=text),
        expected_version=report.version,
        actor=actor,
    )
    report.refresh_from_db()
    assert "no_figure" in [flag.code for flag in report_quality_flags(report=report)]
    report_save(
        report=report,
        content=ReportContent(
            progress=text,
            figures=(FigureInput("新增城镇就业", Decimal("12.5"), "万人", 1, 9),),
        ),
        expected_version=report.version,
        actor=actor,
    )
    report.refresh_from_db()
    assert "no_figure" not in [flag.code for flag in report_quality_flags(report=report)]
