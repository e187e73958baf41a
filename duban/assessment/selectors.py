"""Reads for the status review pages: each task's suggestion beside its decided status.

Suggestions are kept rows (`StatusAssessment`) refreshed lazily: every read here first asks
`kept.assessments_refresh` (a read-through cache, not a service), which recomputes only
the suggestions whose inputs changed.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.db.models.functions import MD5

from duban.core.data_version import data_version
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import Indicator, KeyTask
from duban.ledger.selectors import baseline_notes
from duban.orgs.models import Department
from duban.reporting.checks import ReportFinding
from duban.reporting.models import ProgressReport, ReportFigure, ReportingPeriod, StatusDecision
from duban.reporting.selectors import (
    ForecastView,
    forecasts_for_period,
    period_previous,
    previous_report,
)

from . import quality
from .extraction import extract
from .kept import assessments_refresh, engine_digest, status_settings_for
from .models import IndicatorReview, StatusAssessment
from .rules import AssessmentSettings
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
    return _stated_label(report.period, report.self_status)


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


# --- The period's report quality, kept in the cache -----------------------------------------
#
# Checking a report runs the status engine on its texts (about a millisecond each): at 10,000
# reports, seconds per view. Two layers keep the numbers exact and the views cheap:
#
# - every report's flags are remembered under a digest of everything `check_report` reads (the
#   task text, the progress, the previous period's progress, the stated status, whether figures
#   were reported) and of the code and thresholds that judge them. Such an entry never goes
#   stale, so after a write only the reports that changed are checked again;
# - the period's results sit under the data version (core/data_version.py), which every
#   audited write but a decided status changes, so an unchanged period costs one cache read.

QUALITY_CACHE_SECONDS = 300  # a safety net for writes made outside the services
QUALITY_MEMO_SECONDS = 7 * 24 * 3600  # entries are content-addressed: they only fall out of use
QUALITY_CACHE_VERSION = "quality-v1"
# Report ids per query when only some texts are needed (SQLite's limit on parameters).
_TEXTS_CHUNK = 500
_QUALITY_FILES = (
    Path(quality.__file__),
    Path(__file__),  # how the flags are counted per department
    Path(quality.__file__).resolve().parents[1] / "reporting" / "diff.py",
)


@functools.cache
def _quality_code_digest() -> str:
    """The engine's digest and the quality check's own source: after a deploy that changes
    either, the reports are checked again."""
    digest = hashlib.sha256(engine_digest().encode())
    for path in _QUALITY_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


class _ReportKey(NamedTuple):
    """A submitted report and the memo key of its check's inputs (a tuple: ten thousand of
    them are made on every read after a write)."""

    report_id: int
    task_id: int
    department_id: int
    memo: str


def _md5(text: str) -> str:
    # The same digest as SQL's MD5() of the stored text (UTF-8 on both databases).
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _memo_key(
    task_digest: str, progress_digest: str, previous_digest: str | None, stated: str, has: bool
) -> str:
    inputs = "\0".join([task_digest, progress_digest, str(previous_digest), stated, str(has)])
    return hashlib.blake2b(inputs.encode(), digest_size=12).hexdigest()


def _stated_label(period: ReportingPeriod, self_status: str) -> str:
    """The department's self-assessment as it reads it (按时推进), or "" (as `_stated_status`)."""
    if not self_status:
        return ""
    profile = get_profile(period.plan.status_profile)
    return profile.label_for(self_status) or TaskStatus(self_status).label


def _report_keys(period: ReportingPeriod, earlier: ReportingPeriod | None) -> list[_ReportKey]:
    """Every submitted report of the period, by department name then table order, with the
    memo key of its check's inputs: texts digested in SQL, a fixed number of small queries.

    MD5 is a content address here, not a security boundary: a collision could only show one
    report the quality notices of another text."""
    previous = (
        dict(
            ProgressReport.objects.filter(period=earlier)
            .order_by()
            .values_list("task_id", MD5("progress"))
        )
        if earlier
        else {}
    )
    rows = list(
        ProgressReport.objects.filter(period=period, submitted_at__isnull=False)
        .annotate(task_digest=MD5("task__text"), progress_digest=MD5("progress"))
        # Sorted here rather than by the database: a collated sort of every row on the unit's
        # name costs more than the rest of the query.
        .order_by()
        .values_list(
            "pk",
            "task_id",
            "department_id",
            "task__position",
            "task_digest",
            "progress_digest",
            "self_status",
        )
    )
    # One query for the reports with figures, not a subquery per report.
    with_figures = set(
        ReportFigure.objects.filter(report__period=period)
        .order_by()
        .values_list("report_id", flat=True)
        .distinct()
    )
    names = dict(
        Department.objects.filter(pk__in={row[2] for row in rows}).values_list("pk", "name")
    )
    rows.sort(key=lambda row: (names[row[2]], row[3]))
    stated = {status: _stated_label(period, status) for status in {row[6] for row in rows}}
    return [
        _ReportKey(
            pk,
            task_id,
            department_id,
            _memo_key(
                task_digest,
                progress_digest,
                previous.get(task_id),
                stated[status],
                pk in with_figures,
            ),
        )
        for pk, task_id, department_id, _pos, task_digest, progress_digest, status in rows
    ]


def _check_reports(
    period: ReportingPeriod,
    earlier: ReportingPeriod | None,
    report_ids: list[int],
    *,
    settings: AssessmentSettings,
    threshold: float,
) -> dict[int, tuple[str, list[quality.QualityFlag]]]:
    """Check the given reports now: (memo key, flags) by report id. The key is taken from the
    texts as read here, so a write racing the digests above never files flags under the wrong
    inputs."""
    checked: dict[int, tuple[str, list[quality.QualityFlag]]] = {}
    for start in range(0, len(report_ids), _TEXTS_CHUNK):
        rows = list(
            ProgressReport.objects.filter(pk__in=report_ids[start : start + _TEXTS_CHUNK])
            .annotate(has_figures=Exists(ReportFigure.objects.filter(report=OuterRef("pk"))))
            .order_by()
            .values_list("pk", "task_id", "task__text", "progress", "self_status", "has_figures")
        )
        previous = (
            dict(
                ProgressReport.objects.filter(period=earlier, task_id__in=[row[1] for row in rows])
                .order_by()
                .values_list("task_id", "progress")
            )
            if earlier
            else {}
        )
        for pk, task_id, task_text, progress, self_status, has_figures in rows:
            stated = _stated_label(period, self_status)
            before = previous.get(task_id)
            flags = quality.check_report(
                task_text,
                progress,
                period.as_of,
                previous=before,
                self_status=stated,
                copy_similarity=threshold,
                settings=settings,
            )
            if has_figures:
                # As `_with_reported_figures`: reported figures are comparable figures.
                flags = [flag for flag in flags if flag.code != quality.NO_FIGURE]
            key = _memo_key(
                _md5(task_text),
                _md5(progress),
                None if before is None else _md5(before),
                stated,
                has_figures,
            )
            checked[pk] = (key, flags)
    return checked


def _flags_of_period(period: ReportingPeriod) -> list[tuple[_ReportKey, list[quality.QualityFlag]]]:
    """Every submitted report of the period with its flags, in department name then table
    order: remembered flags from the memo, the other reports checked now."""
    settings = status_settings_for(period.plan)
    threshold = _copy_similarity()
    judged_by = f"{_quality_code_digest()}|{period.as_of.isoformat()}|{settings!r}|{threshold!r}"
    memo_key = (
        f"duban:{QUALITY_CACHE_VERSION}:memo:{period.pk}:"
        f"{hashlib.sha256(judged_by.encode()).hexdigest()[:24]}"
    )
    memo: dict[str, list[quality.QualityFlag]] = cache.get(memo_key) or {}
    earlier = period_previous(period=period)
    keys = _report_keys(period, earlier)
    missing = [key.report_id for key in keys if key.memo not in memo]
    checked = _check_reports(period, earlier, missing, settings=settings, threshold=threshold)
    memo.update(checked.values())
    result = [
        (key, checked[key.report_id][1] if key.report_id in checked else memo[key.memo])
        for key in keys
    ]
    # Keep only what the period's reports use now: a memo never grows past one per report.
    kept = {key.memo: memo[key.memo] for key in keys if key.memo in memo}
    if checked or len(kept) != len(memo):
        cache.set(memo_key, kept, QUALITY_MEMO_SECONDS)
    return result


def _period_cached(period: ReportingPeriod, name: str, compute: Any) -> Any:
    """`compute()` kept under the data version: recomputed after any write but a decided
    status (the checks read none)."""
    key = (
        f"duban:{QUALITY_CACHE_VERSION}:{name}:{period.pk}:{data_version(decisions=False)}:"
        f"{_quality_code_digest()}"
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, QUALITY_CACHE_SECONDS)
    return value


def period_report_flags(*, period: ReportingPeriod) -> dict[int, list[quality.QualityFlag]]:
    """The quality flags of each submitted report of the period, by report id."""

    def compute() -> dict[int, list[quality.QualityFlag]]:
        return {key.report_id: flags for key, flags in _flags_of_period(period)}

    result: dict[int, list[quality.QualityFlag]] = _period_cached(period, "flags", compute)
    return result


def period_report_quality(*, period: ReportingPeriod) -> list[DepartmentQuality]:
    """Every department with a submitted report in the period, the reports flagged and the
    count of each flag; the departments with the most flagged reports first."""

    def compute() -> list[DepartmentQuality]:
        by_department: dict[int, list[list[quality.QualityFlag]]] = {}
        for key, flags in _flags_of_period(period):
            by_department.setdefault(key.department_id, []).append(flags)
        departments = Department.objects.in_bulk(list(by_department))
        rows = []
        for department_id, flag_lists in by_department.items():
            counts: dict[str, int] = {}
            for flags in flag_lists:
                for flag in flags:
                    counts[flag.code] = counts.get(flag.code, 0) + 1
            flagged = sum(1 for flags in flag_lists if flags)
            rows.append(
                DepartmentQuality(departments[department_id], len(flag_lists), flagged, counts)
            )
        rows.sort(key=lambda row: (-row.flagged, row.department.name))
        return rows

    result: list[DepartmentQuality] = _period_cached(period, "departments", compute)
    return result


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
