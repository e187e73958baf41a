"""Tags for reporting's partials that other pages include (the task page's 办结销号 section)."""

from django import template

from duban.ledger.models import KeyTask

from ..models import TaskClosure
from ..selectors import closure_current

register = template.Library()


@register.simple_tag
def task_closure_current(task: KeyTask) -> TaskClosure | None:
    """The task's application under way or confirmed, for the task page's section."""
    return closure_current(task=task)
