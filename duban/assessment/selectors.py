"""Reads for the status review pages: each task's suggestion beside its decided status.

Suggestions are kept rows (`StatusAssessment`) refreshed lazily: every read here first asks
`kept.assessments_refresh` (a read-through cache, not a service), which recomputes only
the suggestions whose inputs changed.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings

from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import Indicator, KeyTask
from duban.ledger.selectors import baseline_notes
from duban.orgs.models import Department
from duban.reporting.checks import ReportFinding
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision
from duban.reporting.selectors import (
    ForecastView,
    forecasts_for_period,
    period_previous,
    previous_report,
)

from . import quality
from .extraction import extract
from .kept import assessments_refresh, status_settings_for
from .models import IndicatorReview, StatusAssessment
from .suggestion import printed_quantity, quantity_spans

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JudgedFigureView:
    """One judged figure of a suggestion, as the pages print it (38.3%, one decimal)."""

    target: str
    actual: str
    completion: float | None
    time_share: float | None
    gap_pp: float | None
    gap_unit: str
    counted: bool

    @property
    def completion_text(self) -> str:
        return "" if self.completion is None else f"{self.completion:.1f}%"

    @property
    def time_share_text(self) -> str:
        return "" if self.time_share is None else f"{self.time_share:.1f}%"

    @property
    def gap_text(self) -> str:
        """落后11.7个百分点 against the schedule; 低于目标0.9个百分点 against a target."""
        if self.gap_pp is None:
            return ""
        size = f"{abs(self.gap_pp):.1f}" if self.gap_unit != "位" else f"{abs(self.gap_pp):.0f}"
        if self.time_share is not None:
            return f"{'落后' if self.gap_pp > 0 else '超出'}{size}{self.gap_unit}"
        if self.gap_pp > 0:
            return f"差距{size}{self.gap_unit}"
        return "达到目标"


@dataclass(frozen=True)
class ReviewRow:
    """One task of a period: its suggestion, its decided status, whether they agree."""

    task: KeyTask
    assessment: StatusAssessment
    decided_status: str
    decided_label: str
    decided_reason: str
    figures: list[JudgedFigureView] = field(default_factory=list)
    # The suggestion judges the current baseline; this says when that is an approved change.
    baseline_note: str = ""
    forecast: ForecastView | None = None  # 预计全年, flagged when at risk whatever the status

    @property
    def suggested_status(self) -> str:
        return self.assessment.status

    @property
    def has_suggestion(self) -> bool:
        """The engine found grounds (暂不评估 is no suggestion to agree or disagree with)."""
        return self.assessment.is_assessable

    @property
    def disagrees(self) -> bool:
        """A suggestion exists and the decided status is not it (no decision counts too)."""
        return self.has_suggestion and self.decided_status != self.assessment.status


def _figures(assessment: StatusAssessment) -> list[JudgedFigureView]:
    return [
        JudgedFigureView(
            target=item.get("target", ""),
            actual=item.get("actual", ""),
            completion=item.get("completion"),
            time_share=item.get("time_share"),
            gap_pp=item.get("gap_pp"),
            gap_unit=str(item.get("gap_unit", "个百分点")),
            counted=bool(item.get("counted", True)),
        )
        for item in assessment.pairs
        if isinstance(item, dict)
    ]


def review_rows(*, period: ReportingPeriod) -> list[ReviewRow]:
    """Every task of the period's plan in table order with its (fresh) suggestion and decision.

    A fixed number of queries whatever the number of tasks (see `assessments_refresh`)."""
    profile = get_profile(period.plan.status_profile)
    tasks = list(
        KeyTask.objects.filter(plan_id=period.plan_id).select_related("parent").order_by("position")
    )
    assessments = assessments_refresh(period=period, tasks=tasks)
    decisions = {
        decision.task_id: decision for decision in StatusDecision.objects.filter(period=period)
    }
    notes = baseline_notes(task_ids=[task.pk for task in tasks])
    forecasts = forecasts_for_period(period_id=period.pk)
    rows = []
    for task in tasks:
        decision = decisions.get(task.pk)
        if not task.is_active and decision is None:
            continue  # retired or merged: nothing to judge in this period
        status = decision.status if decision else ""
        assessment = assessments[task.pk]
        note = notes.get(task.pk)
        rows.append(
            ReviewRow(
                task=task,
                assessment=assessment,
                decided_status=status,
                decided_label=profile.label_for(status)
                or (TaskStatus(status).label if status else ""),
                decided_reason=decision.reason if decision else "",
                figures=_figures(assessment),
                baseline_note=str(note) if note else "",
                forecast=forecasts.get(task.pk),
            )
        )
    return rows


def disagreements(*, period: ReportingPeriod) -> list[ReviewRow]:
    """Every task whose decided status differs from its suggestion, in table order."""
    return [row for row in review_rows(period=period) if row.disagrees]


@dataclass(frozen=True)
class IndicatorRow:
    """A target as the review form shows it: value and unit as printed."""

    name: str
    kind: str
    target_value: Any
    unit: str
    qualifier: str
    source_text: str

    @property
    def kind_label(self) -> str:
        return Indicator.Kind(self.kind).label if self.kind in Indicator.Kind.values else self.kind

    def as_initial(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "target_value": self.target_value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "source_text": self.source_text,
        }


@dataclass(frozen=True)
class IndicatorReviewData:
    """What the indicator review screen shows for a task."""

    task: KeyTask
    segments: list[tuple[str, str]]  # (text, "" | "target" | "quantity")
    rows: list[IndicatorRow]
    review: IndicatorReview | None
    latest_report: ProgressReport | None
    progress_segments: list[tuple[str, str]]


def highlight_segments(text: str, *, targets: bool = True) -> list[tuple[str, str]]:
    """`text` cut at every printed quantity: (piece, "target" | "quantity" | ""); with
    `targets` False (a progress text) every quantity is a plain "quantity"."""
    try:
        spans = quantity_spans(text, with_targets=targets)
    except Exception:
        # The marks are a reading aid: without them the text still shows, and the page too.
        logger.exception("quantity marks failed on a text of %s characters", len(text))
        spans = []
    segments: list[tuple[str, str]] = []
    cursor = 0
    for start, end, is_target in spans:
        if start < cursor:
            continue
        if start > cursor:
            segments.append((text[cursor:start], ""))
        segments.append((text[start:end], "target" if is_target else "quantity"))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], ""))
    return segments


def indicator_review_data(*, task: KeyTask) -> IndicatorReviewData:
    """The task text with its numbers marked and the targets to confirm: the confirmed
    indicators once the office reviewed the task, else the extractor's reading."""
    review = IndicatorReview.objects.filter(task=task).select_related("reviewed_by").first()
    confirmed = list(Indicator.objects.filter(task=task).order_by("position"))
    if review is not None or confirmed:
        rows = [
            IndicatorRow(
                name=indicator.name,
                kind=indicator.kind,
                target_value=Decimal(format(indicator.target_value.normalize(), "f")),
                unit=indicator.unit,
                qualifier=indicator.qualifier,
                source_text=indicator.source_text,
            )
            for indicator in confirmed
        ]
    else:
        rows = []
        try:
            read_targets = extract(task.text, "").targets
        except Exception:
            # The office then types the targets in; the page stays up.
            logger.exception("target reading failed on task %s", task.pk)
            read_targets = []
        for target in read_targets:
            value, unit = printed_quantity(target.value, target.unit)
            rows.append(
                IndicatorRow(
                    # Cut to the model's lengths, so confirming as read never fails on them.
                    name=target.key[:100],
                    kind=target.kind,
                    target_value=value,
                    unit=unit[:20],
                    qualifier=target.qualifier or "",
                    source_text=target.text[:200],
                )
            )
    latest_report = (
        ProgressReport.objects.filter(task=task)
        .select_related("period")
        .order_by("-period__as_of")
        .first()
    )
    return IndicatorReviewData(
        task=task,
        segments=highlight_segments(task.text),
        rows=rows,
        review=review,
        latest_report=latest_report,
        progress_segments=highlight_segments(latest_report.progress, targets=False)
        if latest_report
        else [],
    )


# --- Report quality ---------------------------------------------------------------------------


def _copy_similarity() -> float:
    # The cockpit's 无新进展 measure and its setting (dashboards.changes reads the same one;
    # importing it from here would make the two apps import each other).
    return float(
        getattr(django_settings, "DUBAN_NO_PROGRESS_SIMILARITY", quality.DEFAULT_COPY_SIMILARITY)
    )


def _stated_status(report: ProgressReport) -> str:
    """The department's self-assessment as it reads it (按时推进), or ""."""
    if not report.self_status:
        return ""
    profile = get_profile(report.period.plan.status_profile)
    return profile.label_for(report.self_status) or TaskStatus(report.self_status).label


def _with_reported_figures(
    flags: list[quality.QualityFlag], report: ProgressReport
) -> list[quality.QualityFlag]:
    # Figures reported in the form (报送数据) are comparable figures the text need not repeat.
    if not report.figures.all():
        return flags
    return [flag for flag in flags if flag.code != quality.NO_FIGURE]


def report_quality_flags(*, report: ProgressReport) -> list[quality.QualityFlag]:
    """The quality flags of one report (quality.py), against the same task's previous report."""
    previous = previous_report(report=report)
    flags = quality.check_report(
        report.task.text,
        report.progress,
        report.period.as_of,
        previous=previous.progress if previous else None,
        self_status=_stated_status(report),
        copy_similarity=_copy_similarity(),
        settings=status_settings_for(report.period.plan),
    )
    return _with_reported_figures(flags, report)


def report_quality_findings(report: ProgressReport) -> list[ReportFinding]:
    """The quality flags as the report page shows them (registered in `AssessmentConfig`)."""
    return [
        ReportFinding(name=flag.name, reason=flag.reason)
        for flag in report_quality_flags(report=report)
    ]


@dataclass(frozen=True)
class DepartmentQuality:
    """One department's submitted reports of a period and how many carry each flag."""

    department: Department
    reports: int
    flagged: int
    counts: dict[str, int]

    @property
    def summary(self) -> str:
        """内容空泛1份、缺少可比数据2份 (flags with a count, in FLAGS order)."""
        return "、".join(
            f"{quality.FLAG_NAMES[flag]}{self.counts[flag]}份"
            for flag in quality.FLAGS
            if self.counts.get(flag)
        )


def _submitted_reports_with_flags(
    period: ReportingPeriod,
) -> list[tuple[ProgressReport, list[quality.QualityFlag]]]:
    """Every submitted report of the period with its quality flags; a fixed number of queries
    whatever the number of reports."""
    reports = list(
        ProgressReport.objects.filter(period=period, submitted_at__isnull=False)
        .select_related("task", "department", "period__plan")
        .prefetch_related("figures")
        .order_by("department__name", "task__position")
    )
    earlier = period_previous(period=period)
    previous_texts = (
        dict(ProgressReport.objects.filter(period=earlier).values_list("task_id", "progress"))
        if earlier
        else {}
    )
    settings = status_settings_for(period.plan)
    threshold = _copy_similarity()
    return [
        (
            report,
            _with_reported_figures(
                quality.check_report(
                    report.task.text,
                    report.progress,
                    period.as_of,
                    previous=previous_texts.get(report.task_id),
                    self_status=_stated_status(report),
                    copy_similarity=threshold,
                    settings=settings,
                ),
                report,
            ),
        )
        for report in reports
    ]


def period_report_flags(*, period: ReportingPeriod) -> dict[int, list[quality.QualityFlag]]:
    """The quality flags of each submitted report of the period, by report id."""
    return {report.pk: flags for report, flags in _submitted_reports_with_flags(period)}


def period_report_quality(*, period: ReportingPeriod) -> list[DepartmentQuality]:
    """Every department with a submitted report in the period, the reports flagged and the
    count of each flag; the departments with the most flagged reports first."""
    by_department: dict[int, tuple[Department, list[list[quality.QualityFlag]]]] = {}
    for report, flags in _submitted_reports_with_flags(period):
        entry = by_department.setdefault(report.department_id, (report.department, []))
        entry[1].append(flags)
    rows = []
    for department, flag_lists in by_department.values():
        counts: dict[str, int] = {}
        for flags in flag_lists:
            for flag in flags:
                counts[flag.code] = counts.get(flag.code, 0) + 1
        flagged = sum(1 for flags in flag_lists if flags)
        rows.append(DepartmentQuality(department, len(flag_lists), flagged, counts))
    rows.sort(key=lambda row: (-row.flagged, row.department.name))
    return rows


def report_quality_sentence(rows: list[DepartmentQuality]) -> str:
    """The bulletin's and cockpit's line: how many submitted reports carry a quality notice,
    by flag, and the departments with the most; "" when no report was submitted."""
    reports = sum(row.reports for row in rows)
    if not reports:
        return ""
    flagged = sum(row.flagged for row in rows)
    if not flagged:
        return REPORT_QUALITY_CLEAN.format(reports=reports)
    totals = {flag: sum(row.counts.get(flag, 0) for row in rows) for flag in quality.FLAGS}
    by_flag = "、".join(
        f"{quality.FLAG_NAMES[flag]}{count}份" for flag, count in totals.items() if count
    )
    most = [row.department.name for row in rows if row.flagged][:3]
    return REPORT_QUALITY_LINE.format(
        reports=reports, flagged=flagged, by_flag=by_flag, departments="、".join(most)
    )


REPORT_QUALITY_LINE = (
    "报送质量:本期提交{reports}份报告,{flagged}份有质量提示({by_flag}),较多的单位:{departments}。"
)
REPORT_QUALITY_CLEAN = "报送质量:本期提交{reports}份报告,均无质量提示。"
