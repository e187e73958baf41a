"""Tags for supervision's partials that other apps' pages include (领导批示 sections)."""

from typing import Any

from django import template
from django.utils import timezone

from duban.ledger.models import KeyTask

from ..models import LeaderInstruction
from ..selectors import instructions_awaiting, instructions_for_task

register = template.Library()


@register.simple_tag
def task_instructions(task: KeyTask) -> list[LeaderInstruction]:
    """The task's instructions, newest first, for the task page and the report form."""
    return instructions_for_task(task=task)


@register.simple_tag(takes_context=True)
def my_instructions(context: Any) -> list[LeaderInstruction]:
    """Instructions awaiting a reply from the signed-in user's department (我的任务)."""
    return list(instructions_awaiting(user=context["request"].user))


@register.filter
def instruction_overdue(instruction: LeaderInstruction) -> bool:
    return instruction.is_overdue(timezone.localdate())
