"""The reporting API: periods and reports, through the same permissions and services as pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.accounts.permissions import is_department_user
from duban.exports.table import PrintedRow
from duban.ledger.permissions import can_view_ledger

from .forms import report_text_errors
from .models import ProgressReport, ReportingPeriod
from .permissions import can_view_report
from .selectors import report_get_brief_for, report_scope
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
            "return_reason",
            "submitted_at",
            "updated_at",
        ]


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


class PeriodListApi(APIView):
    @extend_schema(responses=PeriodOutput(many=True), summary="填报期次")
    def get(self, request: Request) -> Response:
        _require_role(request)
        periods = ReportingPeriod.objects.select_related("plan", "plan__government").order_by(
            "-plan__year", "as_of"
        )
        return Response(PeriodOutput(periods, many=True).data)


class ReportListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, description="期次编号"),
            OpenApiParameter("mine", int, description="1: 只看本单位牵头填报的报告"),
            OpenApiParameter("state", str, description="状态"),
        ],
        responses=ReportOutput(many=True),
        summary="进展报告列表",
    )
    def get(self, request: Request) -> Response:
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
        return Response(
            ReportOutput(reports.order_by("period_id", "task__position"), many=True).data
        )


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
