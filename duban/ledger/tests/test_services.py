"""Ledger writes: setting units from the application keeps the printed cell in step."""

import pytest

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask
from duban.ledger.services import key_task_units_set

pytestmark = pytest.mark.django_db


def test_reordering_units_changes_the_lead_and_is_audited(seed_period):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    first, second = (r.department for r in task.responsibilities.all())
    key_task_units_set(task=task, departments=[second, first], actor=SYSTEM)
    task.refresh_from_db()
    assert task.responsibilities.get(position=0).department == second
    assert task.responsible_text == f"{second.name}、\n{first.name}"
    event = AuditEvent.objects.filter(verb="ledger.task_update", target_id=str(task.pk)).get()
    assert event.before is not None
    assert event.after is not None
    assert event.before["departments"] == [first.name, second.name]
    assert event.after["departments"] == [second.name, first.name]


def test_a_task_needs_a_lead(seed_period):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    before = list(task.responsibilities.values_list("department_id", flat=True))
    with pytest.raises(DomainError, match="牵头单位"):
        key_task_units_set(task=task, departments=[], actor=SYSTEM)
    assert list(task.responsibilities.values_list("department_id", flat=True)) == before
