"""The change requests (调整 / 延期申请) in the API: list, create (multipart, with evidence),
act — through the same permissions, services and transition table as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.core import evidence

from . import workflow
from .models import ChangeRequest
from .permissions import can_view_ledger
from .selectors import change_request_get_for, change_request_scope, key_task_get_for
from .services import ChangeAsked, change_request_act, change_request_create


class ChangeRequestOutput(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id")
    task_seq = serializers.CharField(source="task.seq")
    department = serializers.CharField(source="department.name")
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "task",
            "task_seq",
            "kind",
            "state",
            "department",
            "from_version",
            "text",
            "targets_text",
            "deadline",
            "deadline_text",
            "reason",
            "requested_at",
            "check_note",
            "decision_note",
            "decided_at",
            "evidence",
        ]

    def get_evidence(self, change: ChangeRequest) -> list[str]:
        return [a.original_name for a in change.attachments.all()]


class ChangeRequestInput(serializers.Serializer):
    task = serializers.IntegerField()
    text = serializers.CharField()
    targets_text = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    deadline_text = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField()
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="佐证材料(multipart)"
    )


class ChangeActInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(workflow.ACTIONS))
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _require_role(request: Request) -> None:
    if not can_view_ledger(request.user):
        raise PermissionDenied("您的账号没有可用的角色。")


class ChangeRequestListApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("task", int, description="任务编号"),
            OpenApiParameter("state", str, description="状态"),
        ],
        responses=ChangeRequestOutput(many=True),
        summary="调整 / 延期申请列表",
    )
    def get(self, request: Request) -> Response:
        _require_role(request)
        changes = change_request_scope(user=request.user).prefetch_related("attachments")
        task = request.query_params.get("task", "")
        if task.isdigit():
            changes = changes.filter(task_id=int(task))
        state = request.query_params.get("state", "")
        if state:
            changes = changes.filter(state=state)
        return Response(ChangeRequestOutput(changes, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ChangeRequestInput},
        responses={201: ChangeRequestOutput},
        summary="提出调整 / 延期申请(牵头单位,完成期限前,须附佐证材料)",
    )
    def post(self, request: Request) -> Response:
        _require_role(request)
        data = ChangeRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        task = key_task_get_for(user=request.user, pk=values["task"])
        if task is None:
            raise Http404
        files = [
            (f.name or "附件", evidence.read_upload(f)) for f in request.FILES.getlist("files")
        ]
        change = change_request_create(
            task=task,
            asked=ChangeAsked(
                text=values["text"],
                targets_text=values["targets_text"],
                deadline=values["deadline"],
                deadline_text=values["deadline_text"],
                reason=values["reason"],
            ),
            evidence_files=files,
            actor=request.user,
        )
        return Response(ChangeRequestOutput(change).data, status=status.HTTP_201_CREATED)


class ChangeRequestActApi(APIView):
    @extend_schema(
        request=ChangeActInput,
        responses=ChangeRequestOutput,
        summary="核实(督查室)/ 批准、不予批准(领导,须填意见)/ 撤回(牵头单位)",
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_role(request)
        change = change_request_get_for(user=request.user, pk=pk)
        if change is None:
            raise Http404
        data = ChangeActInput(data=request.data)
        data.is_valid(raise_exception=True)
        acted = change_request_act(
            change_request=change,
            action=data.validated_data["action"],
            note=data.validated_data["note"],
            actor=request.user,
        )
        return Response(ChangeRequestOutput(acted).data)
