"""Slip counts per department for scoring."""

import datetime

import pytest
from django.utils import timezone

from duban.ledger.models import KeyTask
from duban.supervision.models import SupervisionSlip
from duban.supervision.selectors import slip_counts_by_department

pytestmark = pytest.mark.django_db


def _slip(task, period, level, number, departments):
    slip = SupervisionSlip.objects.create(
        plan=task.plan,
        period=period,
        task=task,
        level=level,
        year=2021,
        number=number,
        requirements="抓紧推进",
        reply_deadline=datetime.date(2021, 10, 20),
        issued_at=timezone.now(),
    )
    slip.departments.set(departments)
    return slip


def test_slip_counts_by_department_counts_levels_per_department_and_period(open_period):
    plan = open_period.plan
    seed = plan.periods.get(label="上半年")
    task1 = KeyTask.objects.get(plan=plan, seq="1")
    task2 = KeyTask.objects.get(plan=plan, seq="2")
    lead1 = task1.responsibilities.get(position=0).department
    lead2 = task2.responsibilities.get(position=0).department
    _slip(task1, seed, "blue", 1, [lead1])
    _slip(task1, open_period, "yellow", 2, [lead1, lead2])
    _slip(task2, None, "red", 3, [lead2])

    counts = slip_counts_by_department(plan=plan)
    if lead1 == lead2:
        assert counts[lead1.id] == {"blue": 1, "yellow": 1, "red": 1}
    else:
        assert counts[lead1.id] == {"blue": 1, "yellow": 1, "red": 0}
        assert counts[lead2.id] == {"blue": 0, "yellow": 1, "red": 1}

    in_period = slip_counts_by_department(plan=plan, period=open_period)
    assert in_period[lead1.id]["yellow"] == 1
    assert sum(sum(levels.values()) for levels in in_period.values()) == (
        1 if lead1 == lead2 else 2
    )
    assert slip_counts_by_department(plan=plan, period=seed) == {
        lead1.id: {"blue": 1, "yellow": 0, "red": 0}
    }
