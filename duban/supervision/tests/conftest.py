"""Fixtures of the supervision tests: the seed plan, a lagging task, its lead's people."""

import pytest

from duban.ledger.models import KeyTask
from duban.orgs.models import Department


@pytest.fixture
def plan(seed_period):
    return seed_period.plan


@pytest.fixture
def lagging_task(plan):
    """Task 20 (引进高层次人才): suggested 部分滞后 in 上半年 (47.9% against 50.0%)."""
    return KeyTask.objects.get(plan=plan, seq="20")


@pytest.fixture
def lead(lagging_task) -> Department:
    return lagging_task.responsibilities.get(position=0).department


@pytest.fixture
def other_department(plan, lead) -> Department:
    return (
        Department.objects.filter(government=plan.government).exclude(pk=lead.pk).order_by("pk")[0]
    )


@pytest.fixture
def office(make_user):
    return make_user("office_admin", username="office")


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer")


@pytest.fixture
def leader(make_user):
    return make_user("leader")


@pytest.fixture
def liaison(make_user, lead):
    return make_user("liaison", lead.name, username="lead_liaison")


@pytest.fixture
def head(make_user, lead):
    return make_user("head", lead.name, username="lead_head")


@pytest.fixture
def other_liaison(make_user, other_department):
    return make_user("liaison", other_department.name, username="other_liaison")
