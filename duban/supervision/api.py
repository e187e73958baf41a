"""The instructions API (领导批示): the same permissions and services as the page."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from duban.ledger.models import KeyTask
from duban.ledger.permissions import can_view_ledger
from duban.ledger.selectors import key_task_get_for

from . import instruction_workflow as flow
from .models import LeaderInstruction
from .permissions import instruction_capacities
from .selectors import instructions_for_task
from .services import instruction_record, instruction_reply, instruction_sign

NO_ROLE = "您的账号没有可用的角色。"


class InstructionOutput(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id")
    actions = serializers.SerializerMethodField(help_text="您现在可执行的操作")

    class Meta:
        model = LeaderInstruction
        fields = [
            "id",
            "task",
            "leader",
            "text",
            "instructed_on",
            "reply_due",
            "state",
            "signed_at",
            "reply",
            "replied_at",
            "actions",
        ]

    def get_actions(self, instruction: LeaderInstruction) -> list[str]:
        held = instruction_capacities(self.context["user"], instruction.task)
        return [t.action for t in flow.actions_from(instruction.state, held)]


class InstructionRecordInput(serializers.Serializer):
    leader = serializers.CharField(max_length=64)
    text = serializers.CharField()
    instructed_on = serializers.DateField()
    reply_due = serializers.DateField(required=False, allow_null=True)


class InstructionActInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(flow.ACTIONS))
    reply = serializers.CharField(required=False, allow_blank=True, help_text="回复时必填")


def _task(request: Request, pk: int) -> KeyTask:
    if not can_view_ledger(request.user):
        raise PermissionDenied(NO_ROLE)
    task = key_task_get_for(user=request.user, pk=pk)
    if task is None:
        raise Http404
    return task


def _out(request: Request, rows: Any, many: bool = False) -> Any:
    return InstructionOutput(rows, many=many, context={"user": request.user}).data


class TaskInstructionsApi(APIView):
    @extend_schema(responses=InstructionOutput(many=True), summary="任务的领导批示")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request, instructions_for_task(task=_task(request, pk)), many=True))

    @extend_schema(
        request=InstructionRecordInput, responses=InstructionOutput, summary="登记领导批示(督查室)"
    )
    def post(self, request: Request, pk: int) -> Response:
        task = _task(request, pk)
        data = InstructionRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        instruction = instruction_record(
            task=task,
            text=values["text"],
            leader=values["leader"],
            instructed_on=values["instructed_on"],
            reply_due=values.get("reply_due"),
            actor=request.user,
        )
        return Response(_out(request, instruction), status=201)


class InstructionActApi(APIView):
    @extend_schema(
        request=InstructionActInput, responses=InstructionOutput, summary="签收或回复(牵头单位)"
    )
    def post(self, request: Request, pk: int, instruction_id: int) -> Response:
        task = _task(request, pk)
        instruction = LeaderInstruction.objects.filter(task=task, pk=instruction_id).first()
        if instruction is None:
            raise Http404
        data = InstructionActInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["action"] == flow.SIGN:
            instruction = instruction_sign(instruction=instruction, actor=request.user)
        else:
            instruction = instruction_reply(
                instruction=instruction,
                reply=data.validated_data.get("reply", ""),
                actor=request.user,
            )
        return Response(_out(request, instruction))
