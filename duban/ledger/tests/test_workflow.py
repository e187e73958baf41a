"""The change request's transition table: every state × action × role, allowed or refused."""

import datetime
import itertools

import pytest
from django.db import transaction

from duban.core.exceptions import DomainError
from duban.ledger import workflow
from duban.ledger.models import ChangeRequest, KeyTask
from duban.ledger.services import CHANGE_NOT_ALLOWED, change_request_act
from duban.ledger.workflow import (
    ACTIONS,
    APPROVE,
    APPROVED,
    CHECK,
    CHECKED,
    DEPARTMENT,
    LEADER,
    OFFICE,
    REJECT,
    REJECTED,
    REQUESTED,
    STATES,
    WITHDRAW,
    WITHDRAWN,
)

# (state, action, who) → target; every triple not listed must be refused.
ALLOWED: dict[tuple[str, str, str | None], str] = {
    (REQUESTED, CHECK, OFFICE): CHECKED,
    (REQUESTED, REJECT, OFFICE): REJECTED,
    (CHECKED, APPROVE, LEADER): APPROVED,
    (CHECKED, REJECT, LEADER): REJECTED,
    (REQUESTED, WITHDRAW, DEPARTMENT): WITHDRAWN,
    (CHECKED, WITHDRAW, DEPARTMENT): WITHDRAWN,
}
CAPACITIES = (DEPARTMENT, OFFICE, LEADER)


@pytest.mark.parametrize(
    ("state", "action", "who"), list(itertools.product(STATES, ACTIONS, CAPACITIES))
)
def test_every_state_action_and_capacity(state, action, who):
    transition = workflow.find_transition(state, action, frozenset({who}))
    expected = ALLOWED.get((state, action, who))
    assert (transition.target if transition else None) == expected


def test_a_change_is_asked_for_until_the_deadline_day():
    deadline = datetime.date(2021, 10, 31)
    assert workflow.may_request(deadline, deadline)
    assert not workflow.may_request(deadline, deadline + datetime.timedelta(days=1))


# Each account role and the capacity it holds on the task's change requests.
ROLES = {
    "office_admin": OFFICE,
    "reviewer": OFFICE,
    "leader": LEADER,
    "liaison": DEPARTMENT,  # of the lead unit
    "head": DEPARTMENT,  # of the lead unit
    "co_liaison": None,  # of a co-unit: no say in the task's baseline
}


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "role"), list(itertools.product(STATES, ROLES)))
def test_every_state_action_and_role_through_the_service(seed_period, make_user, state, role):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    lead, co = (r.department for r in task.responsibilities.all()[:2])
    if role == "co_liaison":
        user = make_user("liaison", co.name)
    elif role in ("liaison", "head"):
        user = make_user(role, lead.name)
    else:
        user = make_user(role)
    request = ChangeRequest.objects.create(
        task=task,
        kind=ChangeRequest.Kind.EXTEND,
        state=state,
        department=lead,
        from_version=1,
        text=task.text,
        deadline=datetime.date(2021, 12, 31),
        reason="项目审批推迟。",
        requested_by=make_user("liaison", lead.name),
    )
    for action in ACTIONS:
        expected = ALLOWED.get((state, action, ROLES[role]))
        with transaction.atomic():
            if expected is None:
                with pytest.raises(DomainError) as refused:
                    change_request_act(
                        change_request=request, action=action, note="意见。", actor=user
                    )
                assert str(refused.value) == CHANGE_NOT_ALLOWED.format(
                    state=request.get_state_display(), action=workflow.ACTION_LABELS[action]
                )
            else:
                done = change_request_act(
                    change_request=request, action=action, note="意见。", actor=user
                )
                assert done.state == expected
                transaction.set_rollback(True)
        request.refresh_from_db()
        assert request.state == state
