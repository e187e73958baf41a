"""The cockpit's figures as JSON for integrations: the same selector and scope as the page."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.supervision.selectors import instructions_awaiting

from .permissions import can_view_cockpit
from .selectors import (
    Cockpit,
    UnitRow,
    cockpit_for,
    forecast_watch_for,
    plan_period_choose,
)

NO_ROLE = "您的账号没有可用的角色。"


class UnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    on_schedule = serializers.IntegerField(help_text="达到序时进度(已完成、进度较快、按时推进)")
    status_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="规范状态 → 任务数;none = 未认定"
    )


class LaggingOutput(serializers.Serializer):
    task_id = serializers.IntegerField()
    seq = serializers.CharField()
    text = serializers.CharField(help_text="任务内容(前120字)")
    lead_department = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    gap = serializers.FloatField(allow_null=True, help_text="差距数值,见 gap_unit")
    gap_unit = serializers.CharField()
    gap_text = serializers.CharField()


class TrendOutput(serializers.Serializer):
    period_id = serializers.IntegerField()
    label = serializers.CharField()
    as_of = serializers.DateField()
    total = serializers.IntegerField()
    status_counts = serializers.DictField(child=serializers.IntegerField())


class ForecastWatchOutput(serializers.Serializer):
    task_id = serializers.IntegerField()
    seq = serializers.CharField()
    status = serializers.CharField(help_text="当前认定状态(可能是按时推进)")
    status_label = serializers.CharField()
    forecast = serializers.CharField(help_text="difficult 有困难 / cannot 不能完成")
    forecast_label = serializers.CharField()
    forecast_figure = serializers.CharField(help_text="预计全年完成数及单位,无则为空")


class DashboardOutput(serializers.Serializer):
    plan = serializers.DictField()
    period = serializers.DictField()
    total = serializers.IntegerField(help_text="范围内的任务数(含子项)")
    undecided = serializers.IntegerField(help_text="未认定状态的任务数")
    status_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="规范状态 → 任务数"
    )
    status_labels = serializers.DictField(child=serializers.CharField())
    status_share_percent = serializers.DictField(
        child=serializers.FloatField(), help_text="占比(百分数,一位小数)"
    )
    on_schedule = serializers.IntegerField()
    by_department = UnitOutput(many=True, help_text="按牵头单位")
    by_county = UnitOutput(many=True, help_text="按县(市、区)政府(含通过单位组承担的任务)")
    lagging = LaggingOutput(many=True)
    trend = TrendOutput(many=True)
    forecast_at_risk = ForecastWatchOutput(
        many=True, help_text="预计全年有困难或不能完成的任务(无论当前进度)"
    )
    instructions_awaiting_reply = serializers.IntegerField(help_text="待回复的领导批示数")


def _unit(row: UnitRow) -> dict[str, Any]:
    return {
        "id": row.unit_id,
        "name": row.name,
        "total": row.total,
        "on_schedule": row.on_schedule,
        "status_counts": row.counts,
    }


def dashboard_data(cockpit: Cockpit, *, as_of: Any) -> dict[str, Any]:
    """The JSON shape of a cockpit."""
    return {
        "plan": {"id": cockpit.plan_id, "title": cockpit.plan_title},
        "period": {"id": cockpit.period_id, "label": cockpit.period_label, "as_of": as_of},
        "total": cockpit.total,
        "undecided": cockpit.total - sum(cockpit.decided_canonical_counts.values()),
        "status_counts": cockpit.decided_canonical_counts,
        "status_labels": {s: cockpit.labels[s] for s in cockpit.decided_canonical_counts},
        "status_share_percent": {
            c.status: round(c.share * 100, 1)
            for c in cockpit.status_counts
            if c.status in cockpit.decided_canonical_counts
        },
        "on_schedule": cockpit.on_schedule,
        "by_department": [_unit(row) for row in cockpit.by_department],
        "by_county": [_unit(row) for row in cockpit.by_county],
        "lagging": [
            {
                "task_id": t.task_id,
                "seq": t.seq,
                "text": t.text,
                "lead_department": t.lead,
                "status": t.status,
                "status_label": t.label,
                "gap": t.gap_pp,
                "gap_unit": t.gap_unit,
                "gap_text": t.gap_text,
            }
            for t in cockpit.lagging
        ],
        "trend": [
            {
                "period_id": row.period_id,
                "label": row.label,
                "as_of": row.as_of,
                "total": row.total,
                "status_counts": row.counts,
            }
            for row in cockpit.trend
        ],
    }


class DashboardApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, description="期次编号(缺省:最近有数据的期次)"),
        ],
        responses=DashboardOutput,
        summary="驾驶舱数据:状态分布、按单位、滞后任务、各期趋势(部门用户只含本单位任务)",
    )
    def get(self, request: Request) -> Response:
        if not can_view_cockpit(request.user):
            raise PermissionDenied(NO_ROLE)
        raw = request.query_params.get("period", "")
        if raw and not raw.isdigit():
            raise Http404
        _plans, _plan, _periods, period = plan_period_choose(
            user=request.user, plan_id=None, period_id=int(raw) if raw else None
        )
        if period is None:
            raise Http404
        cockpit = cockpit_for(user=request.user, period=period)
        data = dashboard_data(cockpit, as_of=period.as_of)
        data["forecast_at_risk"] = [
            {
                "task_id": row.task_id,
                "seq": row.seq,
                "status": row.status,
                "status_label": row.label,
                "forecast": row.forecast.value,
                "forecast_label": row.forecast.label,
                "forecast_figure": row.forecast.figure,
            }
            for row in forecast_watch_for(user=request.user, period=period)
        ]
        data["instructions_awaiting_reply"] = instructions_awaiting(user=request.user).count()
        return Response(DashboardOutput(data).data)
