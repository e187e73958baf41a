"""The report workflow: save, submit, approve, return — each checked against the table.

Every action locks the report row, checks the transition table and the actor's capacity,
writes, records an audit event and a review step, and notifies on commit.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban.core import evidence
from duban.core.audit import record_event
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields
from duban.core.status import TaskStatus

from .. import workflow
from ..choices import ReportState, YearForecast
from ..jobs import notify_report_step_job
from ..models import (
    ProgressReport,
    ReportAttachment,
    ReportContribution,
    ReportFigure,
    ReportReview,
    ReportVersion,
)
from ..permissions import can_contribute, capacities
from .periods import period_hold

PERIOD_CLOSED = "该期次已关闭,不能再修改。"
NOT_ALLOWED = "您不能对此报告执行「{action}」(当前状态:{state})。"
REASON_REQUIRED = "退回必须填写原因。"
STALE_VERSION = (
    "保存失败:此报告已被{who}于{when}修改(当前第{current}版,您编辑的是第{yours}版)。"
    "您的内容仍保留在页面上,请对照最新内容后再保存。"
)
PROGRESS_REQUIRED = "提交前请填写「进展情况」。"
BAD_SELF_STATUS = "自评状态「{value}」无效。"
BAD_FORECAST = "预计全年「{value}」无效,请选择能完成、有困难或不能完成。"
FORECAST_FIGURE_WITHOUT_FORECAST = "填写了预计全年完成数,请同时选择预计全年能否完成。"

# Each workflow action (`workflow.TRANSITIONS`) and the audit verb it records.
REPORT_ACTION_VERBS: dict[str, AuditVerb] = {
    "save": AuditVerb.REPORT_SAVE,
    "submit": AuditVerb.REPORT_SUBMIT,
    "approve": AuditVerb.REPORT_APPROVE,
    "return": AuditVerb.REPORT_RETURN,
}


class StaleVersionError(DomainError):
    """Someone saved the report after the editor loaded it (HTTP 409 in the API)."""


@dataclass(frozen=True)
class FigureInput:
    name: str
    value: Decimal
    unit: str
    month_from: int
    month_to: int


@dataclass(frozen=True)
class ReportContent:
    """What an editor sends when saving a report."""

    progress: str
    problems: str = ""
    next_steps: str = ""
    self_status: str = ""
    figures: tuple[FigureInput, ...] | None = None  # None: leave the figures as they are
    forecast: str = ""  # 预计全年: a YearForecast value, "" when not given
    forecast_figure: Decimal | None = None
    forecast_unit: str = ""


def _locked(report: ProgressReport) -> ProgressReport:
    # The period first (kept from closing until commit; `_check` refuses a closed one), then
    # the report: always in this order, so no two writers wait for each other in a circle.
    period_hold(period_id=report.period_id)
    # Row lock (a no-op on SQLite, which serialises writers anyway) so two actions on one
    # report run one after the other and the version check below sees the latest save.
    # Only the report's own row (`of="self"`): PostgreSQL refuses FOR UPDATE on the outer join
    # to the nullable `updated_by`, and locking the joined period row too would make every
    # save in a period wait for every other one.
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("period", "task", "department", "updated_by")
        .get(pk=report.pk)
    )


def _check(report: ProgressReport, action: str, actor: Any) -> workflow.Transition:
    if not report.period.is_open:
        raise DomainError(PERIOD_CLOSED)
    transition = workflow.find_transition(report.state, action)
    if transition is None or transition.actor not in capacities(actor, report):
        raise PermissionDenied(
            NOT_ALLOWED.format(
                action=workflow.ACTION_LABELS.get(action, action),
                state=report.get_state_display(),
            )
        )
    return transition


def _content_facts(report: ProgressReport) -> dict[str, Any]:
    return {
        "progress": report.progress,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "self_status": report.self_status,
        "figures": [
            {
                "name": f.name,
                "value": str(f.value),
                "unit": f.unit,
                "months": [f.month_from, f.month_to],
            }
            for f in report.figures.all()
        ],
        **_forecast_facts(report),
    }


def _forecast_facts(report: ProgressReport) -> dict[str, Any]:
    figure = report.forecast_figure
    return {
        "forecast": report.forecast,
        "forecast_figure": None if figure is None else str(figure),
        "forecast_unit": report.forecast_unit,
    }


@transaction.atomic
def report_save(
    *, report: ProgressReport, content: ReportContent, expected_version: int, actor: Any
) -> ProgressReport:
    """Save the lead department's text. Refused when someone saved since `expected_version`."""
    report = _locked(report)
    transition = _check(report, "save", actor)
    if report.version != expected_version:
        raise StaleVersionError(
            STALE_VERSION.format(
                who=report.updated_by.username if report.updated_by else "他人",
                when=timezone.localtime(report.updated_at).strftime("%H:%M:%S"),
                current=report.version,
                yours=expected_version,
            ),
            {"current_version": report.version},
        )
    if content.self_status and content.self_status not in TaskStatus.values:
        raise DomainError(BAD_SELF_STATUS.format(value=content.self_status))
    if content.forecast and content.forecast not in YearForecast.values:
        raise DomainError(BAD_FORECAST.format(value=content.forecast))
    if content.forecast_figure is not None and not content.forecast:
        raise DomainError(FORECAST_FIGURE_WITHOUT_FORECAST)
    before = _content_facts(report)
    report.forecast = content.forecast
    report.forecast_figure = content.forecast_figure
    has_figure = content.forecast_figure is not None
    report.forecast_unit = content.forecast_unit.strip() if has_figure else ""
    report.progress = _normalise(content.progress)
    report.problems = _normalise(content.problems)
    report.next_steps = _normalise(content.next_steps)
    report.self_status = content.self_status
    report.state = transition.target
    report.version += 1
    report.updated_by = actor
    clean_own_fields(report)
    report.save()
    if content.figures is not None:
        report.figures.all().delete()
        for figure in content.figures:
            row = ReportFigure(report=report, **figure.__dict__)
            row.full_clean()
            row.save()
    record_event(
        actor=actor,
        verb="reporting.report_save",
        target=report,
        before=before,
        after=_content_facts(report),
    )
    return report


def _normalise(text: str) -> str:
    """Line endings from browsers and Excel become "\\n"; blank lines between paragraphs go."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines if line.strip())


def _history_source(report: ProgressReport, source: str) -> str:
    """The state the history shows a step starting from. Saving a returned report makes it a
    draft again, but the step that sends it back up is a resubmission: "退回 → 待部门审核"."""
    if source != ReportState.DRAFT:
        return source
    last = report.reviews.order_by("-acted_at", "-pk").values_list("to_state", flat=True).first()
    return ReportState.RETURNED if last == ReportState.RETURNED else source


@transaction.atomic
def report_act(
    *, report: ProgressReport, action: str, actor: Any, reason: str = ""
) -> ProgressReport:
    """Take a workflow step (submit, approve, return) on a report."""
    report = _locked(report)
    transition = _check(report, action, actor)
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise DomainError(REASON_REQUIRED)
    if action == "submit" and not report.progress.strip():
        raise DomainError(PROGRESS_REQUIRED)
    source = report.state
    report.state = transition.target
    fields = ["state"]
    if action == "submit":
        report.submitted_at = timezone.now()
        fields.append("submitted_at")
        ReportVersion.objects.create(
            report=report,
            number=report.versions.count() + 1,
            submitted_by=actor,
            **{**_content_facts(report), "forecast_figure": report.forecast_figure},
        )
    if transition.needs_reason:
        report.return_reason = reason
        fields.append("return_reason")
    report.save(update_fields=fields)
    ReportReview.objects.create(
        report=report,
        action=action,
        from_state=_history_source(report, source),
        to_state=transition.target,
        reason=reason,
        actor=actor,
    )
    record_event(
        actor=actor,
        verb=REPORT_ACTION_VERBS[action],
        target=report,
        before={"state": source},
        after={"state": transition.target},
        reason=reason,
    )
    # Telling the next person (in-app, e-mail) is the worker's job: a slow mail server must not
    # slow down or fail a step that has already happened.
    transaction.on_commit(lambda: notify_report_step_job.enqueue(report.pk, action))
    return report


@transaction.atomic
def report_contribute(*, report: ProgressReport, text: str, actor: Any) -> ReportContribution:
    """A co-department's liaison saves its part of the report."""
    if not can_contribute(actor, report):
        raise PermissionDenied("您的单位不是此任务的配合单位,或报告已提交。")
    contribution, _ = ReportContribution.objects.get_or_create(
        report=report, department_id=actor.department_id
    )
    before = contribution.text
    contribution.text = _normalise(text)
    contribution.updated_by = actor
    contribution.save()
    record_event(
        actor=actor,
        verb="reporting.contribution_save",
        target=report,
        before={"text": before},
        after={"text": contribution.text},
    )
    return contribution


@transaction.atomic
def report_attach(
    *, report: ProgressReport, name: str, data: bytes, actor: Any
) -> ReportAttachment:
    """Attach evidence while the lead department edits; the content decides what it is."""
    report = _locked(report)
    _check(report, "save", actor)
    (file,) = evidence.checked_files([(name, data)])
    attachment = evidence.evidence_save(ReportAttachment(report=report), file, actor=actor)
    record_event(
        actor=actor,
        verb="reporting.attachment_add",
        target=report,
        after={"file": name, "size": len(data), "type": file.content_type},
    )
    return attachment
