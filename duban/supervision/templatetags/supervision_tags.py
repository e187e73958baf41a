"""Tags for supervision's partials that other apps' pages include (领导批示 sections)."""

from django import template
from django.utils import timezone

from duban.ledger.models import KeyTask

from ..models import LeaderInstruction
from ..selectors import instructions_for_task

register = template.Library()


@register.simple_tag
def task_instructions(task: KeyTask) -> list[LeaderInstruction]:
    """The task's instructions, newest first, for the task page and the report form."""
    return instructions_for_task(task=task)


@register.filter
def instruction_overdue(instruction: LeaderInstruction) -> bool:
    return instruction.is_overdue(timezone.localdate())
