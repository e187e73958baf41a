"""The reporting API: periods and reports, through the same permissions and services as pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.accounts.permissions import is_department_user
from duban.core import evidence
from duban.exports.table import PrintedRow
from duban.ledger.models import KeyTask
from duban.ledger.permissions import can_view_ledger
from duban.ledger.selectors import key_task_get_for

from . import closure_workflow
from .choices import FORECAST_AT_RISK, YearForecast
from .forms import report_text_errors
from .models import ProgressReport, ReportingPeriod, TaskClosure
from .permissions import can_view_report, closure_actions
from .selectors import (
    closure_current,
    closure_history,
    period_scope,
    report_get_brief_for,
    report_scope,
)
from .services.closure import CLOSURE_NOT_ALLOWED, closure_act, closure_apply
from .services.reports import ReportContent, report_act, report_save


class PeriodOutput(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.__str__")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "label", "as_of", "due_date", "state"]


class ReportOutput(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id")
    task_seq = serializers.CharField(source="task.seq")
    task_text = serializers.CharField(source="task.text")
    period = serializers.IntegerField(source="period_id")
    period_label = serializers.CharField(source="period.label")
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()
    forecast_at_risk = serializers.SerializerMethodField(
        help_text="预计全年有困难或不能完成(无论当前进度如何都提示)"
    )
    # The task's units by their names in the organization tree; the printed cell beside them.
    lead = serializers.SerializerMethodField()
    co = serializers.SerializerMethodField()
    departments_printed = serializers.CharField(source="task.responsible_text")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_lead(self, report: ProgressReport) -> list[str]:
        return _task_row(report).lead_units

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_co(self, report: ProgressReport) -> list[str]:
        return _task_row(report).co_units

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "task_seq",
            "task_text",
            "period",
            "period_label",
            "department",
            "department_id",
            "lead",
            "co",
            "departments_printed",
            "state",
            "version",
            "progress",
            "problems",
            "next_steps",
            "self_status",
            "forecast",
            "forecast_figure",
            "forecast_unit",
            "forecast_at_risk",
            "return_reason",
            "submitted_at",
            "updated_at",
        ]

    def get_forecast_at_risk(self, report: ProgressReport) -> bool:
        return report.forecast in FORECAST_AT_RISK


def _task_row(report: ProgressReport) -> PrintedRow:
    """The report's task as a printed row, for its units (lead first, canonical names)."""
    task = report.task
    units = list(task.responsibilities.all())
    return PrintedRow(
        seq=task.seq,
        task=task.text,
        progress="",
        departments_text=task.responsible_text,
        departments=[u.printed_name for u in units],
        status="",
        status_label="",
        unit_names=tuple(u.department.name for u in units),
    )


class ReportPatchInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version being edited (from GET).")
    progress = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    self_status = serializers.CharField(required=False, allow_blank=True)
    forecast = serializers.ChoiceField(
        choices=YearForecast.choices, required=False, allow_blank=True, help_text="预计全年"
    )
    forecast_figure = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True
    )
    forecast_unit = serializers.CharField(required=False, allow_blank=True, max_length=20)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = report_text_errors(attrs)
        if errors:
            raise serializers.ValidationError({name: [error] for name, error in errors.items()})
        return attrs


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


def _require_role(request: Request) -> None:
    if not can_view_ledger(request.user):
        raise PermissionDenied("您的账号没有可用的角色。")


def _report(request: Request, pk: int) -> ProgressReport:
    report = report_get_brief_for(user=request.user, pk=pk)
    if report is None or not can_view_report(request.user, report):
        raise Http404
    return report


# Lists are generic views: DRF's DEFAULT_PAGINATION_CLASS applies only to GenericAPIView
# subclasses, so a plain APIView answered every row at once whatever PAGE_SIZE said.


class PeriodListApi(generics.ListAPIView):
    serializer_class = PeriodOutput

    @extend_schema(summary="填报期次(分页:?page=)")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ReportingPeriod]:
        _require_role(self.request)
        return period_scope(user=self.request.user).order_by("-plan__year", "as_of", "pk")


class ReportListApi(generics.ListAPIView):
    serializer_class = ReportOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, description="期次编号"),
            OpenApiParameter("mine", int, description="1: 只看本单位牵头填报的报告"),
            OpenApiParameter("state", str, description="状态"),
        ],
        summary="进展报告列表(分页:?page=)",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ProgressReport]:
        request = self.request
        _require_role(request)
        reports = (
            report_scope(user=request.user)
            .select_related("task", "period", "department")
            .prefetch_related("task__responsibilities__department")
        )
        period = request.query_params.get("period", "")
        if period.isdigit():
            reports = reports.filter(period_id=int(period))
        if request.query_params.get("mine") == "1":
            if not is_department_user(request.user):
                reports = reports.none()
            else:
                reports = reports.filter(department_id=request.user.department_id)
        state = request.query_params.get("state", "")
        if state:
            reports = reports.filter(state=state)
        return reports.order_by("period_id", "task__position", "pk")


class ReportDetailApi(APIView):
    @extend_schema(responses=ReportOutput, summary="进展报告")
    def get(self, request: Request, pk: int) -> Response:
        _require_role(request)
        return Response(ReportOutput(_report(request, pk)).data)

    @extend_schema(
        request=ReportPatchInput,
        responses={
            200: ReportOutput,
            409: inline_serializer(
                "Conflict",
                {"detail": serializers.CharField(), "current_version": serializers.IntegerField()},
            ),
        },
        summary="保存进展报告(须带上所编辑的 version;版本过期返回 409)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        _require_role(request)
        report = _report(request, pk)
        data = ReportPatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        content = ReportContent(
            progress=values.get("progress", report.progress),
            problems=values.get("problems", report.problems),
            next_steps=values.get("next_steps", report.next_steps),
            self_status=values.get("self_status", report.self_status),
            figures=None,
            forecast=values.get("forecast", report.forecast),
            forecast_figure=values.get("forecast_figure", report.forecast_figure),
            forecast_unit=values.get("forecast_unit", report.forecast_unit),
        )
        saved = report_save(
            report=report, content=content, expected_version=values["version"], actor=request.user
        )
        # The service returns the locked row with task, period and department joined in.
        return Response(ReportOutput(saved).data)


class _ReportActionApi(APIView):
    action = ""

    def _run(self, request: Request, pk: int, reason: str = "") -> Response:
        _require_role(request)
        report = _report(request, pk)
        acted = report_act(report=report, action=self.action, actor=request.user, reason=reason)
        return Response(ReportOutput(acted).data, status=status.HTTP_200_OK)


class ReportSubmitApi(_ReportActionApi):
    action = "submit"

    @extend_schema(request=None, responses=ReportOutput, summary="提交(联络员 → 部门负责人)")
    def post(self, request: Request, pk: int) -> Response:
        return self._run(request, pk)


class ReportApproveApi(_ReportActionApi):
    action = "approve"

    @extend_schema(
        request=None,
        responses=ReportOutput,
        summary="通过(部门负责人:待部门审核 → 已提交;督查室:已提交 → 通过)",
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._run(request, pk)


class ReportReturnApi(_ReportActionApi):
    action = "return"

    @extend_schema(request=ReasonInput, responses=ReportOutput, summary="退回(须填写原因)")
    def post(self, request: Request, pk: int) -> Response:
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(request, pk, reason=data.validated_data["reason"])


# --- 办结销号 ------------------------------------------------------------------------------


class ClosureOutput(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id")
    applied_by = serializers.CharField(source="applied_by.display_name")
    verified_by = serializers.CharField(source="verified_by.display_name", default=None)
    decided_by = serializers.CharField(source="decided_by.display_name", default=None)
    period = serializers.IntegerField(source="period_id", allow_null=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = TaskClosure
        fields = [
            "id",
            "task",
            "state",
            "summary",
            "applied_by",
            "applied_at",
            "verified_by",
            "verified_at",
            "decided_by",
            "decided_at",
            "note",
            "period",
            "attachments",
        ]

    def get_attachments(self, closure: TaskClosure) -> list[str]:
        return [a.original_name for a in closure.attachments.all()]


class ClosureStateOutput(serializers.Serializer):
    state = serializers.CharField(help_text="none / applied / verified / confirmed")
    actions = serializers.ListField(child=serializers.CharField(), help_text="您现在可执行的操作")
    history = ClosureOutput(many=True)


class ClosureActInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(closure_workflow.ACTIONS))
    summary = serializers.CharField(required=False, allow_blank=True, help_text="申请时必填")
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="申请时至少一份佐证材料"
    )
    note = serializers.CharField(required=False, allow_blank=True, help_text="退回、重启时必填")


def _task(request: Request, pk: int) -> KeyTask:
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    return task


def _closure_state(request: Request, task: KeyTask) -> dict[str, Any]:
    current = closure_current(task=task)
    return {
        "state": current.state if current else closure_workflow.NONE,
        "actions": closure_actions(request.user, task, current),
        "history": ClosureOutput(closure_history(task=task), many=True).data,
    }


class TaskClosureApi(APIView):
    @extend_schema(responses=ClosureStateOutput, summary="任务的办结销号状态与记录")
    def get(self, request: Request, pk: int) -> Response:
        _require_role(request)
        return Response(_closure_state(request, _task(request, pk)))


class TaskClosureActApi(APIView):
    @extend_schema(
        request={"multipart/form-data": ClosureActInput, "application/json": ClosureActInput},
        responses=ClosureStateOutput,
        summary="申请销号(牵头单位)、核实(督查室)、确认或退回(领导)、重启(督查室)",
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_role(request)
        task = _task(request, pk)
        data = ClosureActInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        action = values["action"]
        if action == closure_workflow.APPLY:
            files = [(f.name or "附件", evidence.read_upload(f)) for f in values.get("files", [])]
            closure_apply(
                task=task, summary=values.get("summary", ""), files=files, actor=request.user
            )
        else:
            current = closure_current(task=task)
            if current is None:
                raise PermissionDenied(
                    CLOSURE_NOT_ALLOWED.format(
                        task=task.seq or task.pk,
                        action=closure_workflow.ACTION_LABELS[action],
                        state=closure_workflow.STATE_LABELS[closure_workflow.NONE],
                    )
                )
            closure_act(
                closure=current, action=action, actor=request.user, note=values.get("note", "")
            )
        return Response(_closure_state(request, task))
