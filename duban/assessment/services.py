"""Writes of the assessment app: confirmed indicators, kept suggestions, decided statuses.

Assessment sits above ledger and reporting: it writes a task's `Indicator` rows through its
own service (`indicators_confirm`) and decides statuses through reporting's
`status_decision_set`, adding the suggestion it was decided against to the audit trail.
"""

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus, get_profile
from duban.ledger.models import Indicator, KeyTask, Plan
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision
from duban.reporting.services.decisions import status_decision_set

from .confidence import LOW
from .models import IndicatorReview, StatusAssessment, StatusRules
from .rules import PROFILE_SETTINGS, AssessmentSettings, Status
from .suggestion import FigureInput, IndicatorInput, suggest

DECISION_REASON_REQUIRED = "认定状态与建议状态“{suggested}”不同,请填写理由。"
STATUS_NOT_IN_PROFILE = "“{label}”不在本计划的状态口径中,不能认定。"
TASK_NOT_IN_PERIOD = "该任务不属于此期次的年度计划。"
INDICATOR_INVALID = "第{number}项指标填写有误:{detail}"

_STATUS_VALUES = frozenset(status.value for status in Status)

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
    """A digest of the status engine's source (rules, its pure helpers, suggestion,
    extractor)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _ENGINE_FILES:
        path = root / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.relative_to(root).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


# --- Indicators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorItem:
    """One confirmed or corrected target: value and unit as printed (16, 万人)."""

    name: str
    kind: str
    target_value: Decimal
    unit: str = ""
    qualifier: str = ""
    source_text: str = ""


def _indicator_record(indicator: Indicator) -> dict[str, str]:
    return {
        "name": indicator.name,
        "kind": indicator.kind,
        "target_value": f"{indicator.target_value.normalize():f}",
        "unit": indicator.unit,
        "qualifier": indicator.qualifier,
        "source_text": indicator.source_text,
    }


@transaction.atomic
def indicators_confirm(
    *, task: KeyTask, items: Sequence[IndicatorItem], actor: Any
) -> list[Indicator]:
    """Replace the task's indicators with the office's confirmed or corrected list.

    An empty list is a confirmation too: the numbers the task prints are not targets, and the
    extractor's reading no longer applies. The task's suggestions are recomputed at once.
    """
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    previous = list(task.indicators.order_by("position"))
    was_reviewed = IndicatorReview.objects.filter(task=task).exists()
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    # Old rows go first: the new list reuses their positions.
    Indicator.objects.filter(task=task).delete()
    created: list[Indicator] = []
    for number, item in enumerate(items, start=1):
        indicator = Indicator(
            task=task,
            position=number - 1,
            name=item.name.strip(),
            kind=item.kind,
            target_value=item.target_value,
            unit=item.unit.strip(),
            qualifier=item.qualifier.strip(),
            source_text=item.source_text.strip(),
            confirmed_by=user,
            confirmed_at=now,
        )
        try:
            indicator.full_clean()
        except ValidationError as error:
            detail = ";".join(
                message for messages in error.message_dict.values() for message in messages
            )
            raise DomainError(INDICATOR_INVALID.format(number=number, detail=detail)) from error
        indicator.save()
        created.append(indicator)
    IndicatorReview.objects.update_or_create(
        task=task, defaults={"reviewed_by": user, "reviewed_at": now}
    )
    record_event(
        actor=actor,
        verb="assessment.indicators_confirm",
        target=task,
        before={"reviewed": was_reviewed, "indicators": [_indicator_record(i) for i in previous]},
        after={"reviewed": True, "indicators": [_indicator_record(i) for i in created]},
    )
    for period in ReportingPeriod.objects.filter(plan_id=task.plan_id).select_related("plan"):
        assessments_refresh(period=period, tasks=[task])
    return created


# --- Suggestions --------------------------------------------------------------------------


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


@transaction.atomic
def status_rules_save(*, rules: StatusRules, actor: Any) -> StatusRules:
    """Save a plan's thresholds (audited). Kept suggestions recompute on their next read,
    since the thresholds are part of their inputs' fingerprint."""
    previous = StatusRules.objects.filter(pk=rules.pk).first() if rules.pk else None
    fields = [
        "ahead_ratio",
        "partly_behind_max_gap_pp",
        "tolerance_pp",
        "rate_tolerance_pp",
        "read_schedule_statements",
    ]
    before = {f: str(getattr(previous, f)) for f in fields} if previous else None
    rules.full_clean()
    rules.save()
    after = {f: str(getattr(rules, f)) for f in fields}
    if before != after:
        record_event(
            actor=actor, verb="assessment.rules_save", target=rules, before=before, after=after
        )
    return rules


def _compute(
    inputs: _Inputs, period: ReportingPeriod, settings: AssessmentSettings
) -> dict[str, Any]:
    """The suggestion's stored fields for these inputs."""
    plan = period.plan
    self_assessed = Status(inputs.self_status) if inputs.self_status in _STATUS_VALUES else None
    result = suggest(
        inputs.task_text,
        inputs.progress,
        period.as_of,
        settings,
        indicators=inputs.indicators,
        figures=inputs.figures,
        self_assessed=self_assessed,
    )
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
            task_text=task.text,
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
        for name, value in _compute(inputs, period, settings).items():
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
    return current


def assessment_refresh(*, task: KeyTask, period: ReportingPeriod) -> StatusAssessment:
    """The task's kept suggestion for the period, recomputed if its inputs changed."""
    return assessments_refresh(period=period, tasks=[task])[task.pk]


# --- Decisions ----------------------------------------------------------------------------


@transaction.atomic
def status_decide(
    *, task: KeyTask, period: ReportingPeriod, status: str, reason: str = "", actor: Any
) -> StatusDecision:
    """Decide the task's status for the period (认定状态) beside the engine's suggestion.

    Confirming the suggestion needs no reason; a status that differs from it does (domain
    practice §6 F.27). When the engine found no grounds (暂不评估) there is nothing to differ
    from, so no reason is required. The audit event keeps both the suggestion and the decision.
    """
    if task.plan_id != period.plan_id:
        raise DomainError(TASK_NOT_IN_PERIOD)
    profile = get_profile(period.plan.status_profile)
    if status not in profile.labels:
        label = TaskStatus(status).label if status in TaskStatus.values else status
        raise DomainError(STATUS_NOT_IN_PROFILE.format(label=label))
    reason = reason.strip()
    assessment = assessment_refresh(task=task, period=period)
    agrees = status == assessment.status
    if assessment.is_assessable and not agrees and not reason:
        raise DomainError(DECISION_REASON_REQUIRED.format(suggested=assessment.label))
    return status_decision_set(
        task=task,
        period=period,
        status=status,
        reason=reason,
        actor=actor,
        evidence={
            "suggested_status": assessment.status,
            "suggested_label": assessment.label,
            "suggested_reasons": assessment.reasons,
            "agrees_with_suggestion": agrees,
        },
    )
