"""Kept suggestions: the status engine's result per task and period, stored and recomputed only
when its inputs change.

This is a read-through cache, not a service: it has no actor, records no audit event and holds
nothing a person decided — every value is derived from audited inputs (the task, the report,
the confirmed indicators, the plan's thresholds) and from the engine's own source. So selectors
read through it (`assessments_refresh`) while services stay the only writers of domain state.
"""

import functools
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.core.data_version import data_version_bump
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import Indicator, KeyTask, Plan
from duban.reporting.models import ProgressReport, ReportingPeriod

from .confidence import LOW
from .models import IndicatorReview, StatusAssessment, StatusRules
from .rules import PROFILE_SETTINGS, AssessmentSettings, Status
from .suggestion import FigureInput, IndicatorInput, suggest

_STATUS_VALUES = frozenset(status.value for status in Status)
# The reason shown for a row the engine failed on: the page stays up, the office decides.
ROW_NOT_ASSESSABLE = "无法研判:系统读取本任务的任务或进展文本时出错,已记录,请人工认定。"

logger = logging.getLogger(__name__)

# The engine's code is part of every suggestion's inputs: a fix to the extractor or to the
# rules makes every kept suggestion stale, so pages show what the current engine says.
_ENGINE_FILES = (
    "rules.py",
    "suggestion.py",
    "extraction",
    "levels.py",
    "claims.py",
    "stages.py",
    "parts.py",
    "confidence.py",
)


@functools.cache
def engine_digest() -> str:
    """A digest of the status engine's source (rules, suggestion, extractor)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _ENGINE_FILES:
        path = root / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.relative_to(root).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Inputs:
    """Everything one suggestion is computed from, as plain values."""

    task_text: str
    progress: str
    self_status: str
    indicators: tuple[IndicatorInput, ...] | None
    figures: tuple[FigureInput, ...]

    def fingerprint(self, period: ReportingPeriod, settings: AssessmentSettings) -> str:
        payload = {
            "engine": engine_digest(),
            "profile": period.plan.status_profile,
            "thresholds": repr(settings),
            "as_of": period.as_of.isoformat(),
            "task": self.task_text,
            "progress": self.progress,
            "self_status": self.self_status,
            "indicators": None
            if self.indicators is None
            else [
                [i.name, i.kind, repr(i.value), i.unit, i.qualifier, i.source_text]
                for i in self.indicators
            ],
            "figures": [[f.name, repr(f.value), f.unit, *f.months] for f in self.figures],
        }
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()


def _indicator_input(indicator: Indicator) -> IndicatorInput:
    return IndicatorInput(
        name=indicator.name,
        kind=indicator.kind,
        value=float(indicator.target_value),
        unit=indicator.unit,
        qualifier=indicator.qualifier,
        source_text=indicator.source_text,
    )


def status_settings_for(plan: Plan) -> AssessmentSettings:
    """The engine's thresholds for `plan`: its profile's defaults, with the office's own
    `StatusRules` (if any) in their place."""
    settings = PROFILE_SETTINGS.get(plan.status_profile, PROFILE_SETTINGS["jiaxing"])
    rules = StatusRules.objects.filter(plan=plan).first()
    if rules is None:
        return settings
    return replace(
        settings,
        ahead_ratio=float(rules.ahead_ratio),
        partly_behind_max_gap_pp=float(rules.partly_behind_max_gap_pp),
        tolerance_pp=float(rules.tolerance_pp),
        rate_tolerance_pp=float(rules.rate_tolerance_pp),
        read_schedule_statements=rules.read_schedule_statements,
    )


def _compute(
    inputs: _Inputs, period: ReportingPeriod, settings: AssessmentSettings, *, task_id: int
) -> dict[str, Any]:
    """The suggestion's stored fields for these inputs; 暂不评估 with ROW_NOT_ASSESSABLE when
    the engine fails on them (logged)."""
    plan = period.plan
    self_assessed = Status(inputs.self_status) if inputs.self_status in _STATUS_VALUES else None
    try:
        result = suggest(
            inputs.task_text,
            inputs.progress,
            period.as_of,
            settings,
            indicators=inputs.indicators,
            figures=inputs.figures,
            self_assessed=self_assessed,
        )
    except Exception:
        # One text the engine cannot read must not take down every page of the period.
        logger.exception("status engine failed on task %s in period %s", task_id, period.pk)
        return _not_assessable(plan)
    status = str(result.status)
    confidence = result.confidence
    return {
        "status": status,
        "label": get_profile(plan.status_profile).label_for(status) or TaskStatus(status).label,
        "reasons": result.reasons,
        "pairs": [figure.as_record() for figure in result.figures],
        "used_indicators": result.used_indicators,
        "confidence": confidence.level if confidence else LOW,
        "confidence_score": confidence.score if confidence else 0,
        "confidence_note": confidence.note[:300] if confidence else "",
    }


def _not_assessable(plan: Plan) -> dict[str, Any]:
    status = TaskStatus.NOT_ASSESSABLE
    return {
        "status": str(status),
        "label": get_profile(plan.status_profile).label_for(status) or status.label,
        "reasons": [ROW_NOT_ASSESSABLE],
        "pairs": [],
        "used_indicators": False,
        "confidence": LOW,
        "confidence_score": 0,
        "confidence_note": "",
    }


_STORED_FIELDS = [
    "status",
    "label",
    "reasons",
    "pairs",
    "used_indicators",
    "confidence",
    "confidence_score",
    "confidence_note",
    "inputs_fingerprint",
]


@transaction.atomic
def assessments_refresh(
    *, period: ReportingPeriod, tasks: Iterable[KeyTask] | None = None
) -> dict[int, StatusAssessment]:
    """The kept suggestion of every task of the period's plan (or of `tasks`), by task id.

    A suggestion is recomputed only when the fingerprint of its inputs changed — the task text,
    the report's progress, figures and self-assessment, the confirmed indicators, the plan's
    profile or the engine — so pages may call this on every view. The reads are a fixed
    number of queries and all stale rows are written in one statement, whatever the number of
    tasks. Not audited: a suggestion is derived from audited inputs, and each decision records
    the suggestion it was taken against.
    """
    if tasks is None:
        task_list = list(KeyTask.objects.filter(plan_id=period.plan_id).order_by("position"))
    else:
        task_list = list(tasks)
    task_ids = [task.pk for task in task_list]
    reports = {
        report.task_id: report
        for report in ProgressReport.objects.filter(
            period=period, task_id__in=task_ids
        ).prefetch_related("figures")
    }
    reviewed = set(
        IndicatorReview.objects.filter(task_id__in=task_ids).values_list("task_id", flat=True)
    )
    indicators: dict[int, list[IndicatorInput]] = {task_id: [] for task_id in reviewed}
    for indicator in Indicator.objects.filter(task_id__in=task_ids).order_by("task_id", "position"):
        # Rows without a review (made outside indicators_confirm) still count as confirmed.
        indicators.setdefault(indicator.task_id, []).append(_indicator_input(indicator))
    kept = {
        assessment.task_id: assessment
        for assessment in StatusAssessment.objects.filter(
            period=period, task_id__in=task_ids
        ).order_by()
    }
    now = timezone.now()
    settings = status_settings_for(period.plan)  # once per refresh, not once per task
    current: dict[int, StatusAssessment] = {}
    stale: list[StatusAssessment] = []
    for task in task_list:
        report = reports.get(task.pk)
        task_indicators = indicators.get(task.pk)
        inputs = _Inputs(
            task_text=task.text,  # the current baseline: an approved change is read here
            progress=report.progress if report else "",
            self_status=report.self_status if report else "",
            indicators=None if task_indicators is None else tuple(task_indicators),
            figures=tuple(
                FigureInput(
                    name=figure.name,
                    value=float(figure.value),
                    unit=figure.unit,
                    months=(figure.month_from, figure.month_to),
                )
                for figure in report.figures.all()
            )
            if report
            else (),
        )
        fingerprint = inputs.fingerprint(period, settings)
        assessment = kept.get(task.pk)
        if assessment is not None and assessment.inputs_fingerprint == fingerprint:
            current[task.pk] = assessment
            continue
        assessment = assessment or StatusAssessment(task=task, period=period)
        for name, value in _compute(inputs, period, settings, task_id=task.pk).items():
            setattr(assessment, name, value)
        assessment.inputs_fingerprint = fingerprint
        assessment.computed_at = now
        # The task and period were just read: checking that they exist would cost two
        # queries per row; the upsert below takes care of uniqueness.
        assessment.full_clean(
            exclude=["task", "period"], validate_unique=False, validate_constraints=False
        )
        stale.append(assessment)
        current[task.pk] = assessment
    if stale:
        # One upsert: also safe when two page views refresh the same period at once.
        StatusAssessment.objects.bulk_create(
            stale,
            update_conflicts=True,
            unique_fields=["task", "period"],
            update_fields=[*_STORED_FIELDS, "computed_at"],
        )
        # Unaudited, so it says itself that pages reading suggestions (the cockpit's gaps and
        # scatter) must read again.
        data_version_bump()
    return current


def assessment_refresh(*, task: KeyTask, period: ReportingPeriod) -> StatusAssessment:
    """The task's kept suggestion for the period, recomputed if its inputs changed."""
    return assessments_refresh(period=period, tasks=[task])[task.pk]
