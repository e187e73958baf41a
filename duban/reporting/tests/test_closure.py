"""Closure (办结 / 销号): the table over every state × action × capacity, the services over
every role, and what a closed task means for periods, the inbox and decided statuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.core.status import TaskStatus
from duban.reporting import closure_workflow as flow
from duban.reporting.models import ProgressReport, StatusDecision, TaskClosure
from duban.reporting.selectors import closed_task_ids, inbox_for
from duban.reporting.services.closure import (
    CLOSURE_EVIDENCE_REQUIRED,
    CLOSURE_NOTE_REQUIRED,
    CLOSURE_SUMMARY_REQUIRED,
    closure_act,
    closure_apply,
)
from duban.reporting.services.periods import CLOSED_TASK_REASON, period_close, period_open

PDF = ("验收报告.pdf", b"%PDF-1.4\n%%EOF")

# (state, action) → (target, who acts, needs a note). Everything else is refused.
ALLOWED = {
    (flow.NONE, flow.APPLY): (flow.APPLIED, flow.DEPARTMENT, False),
    (flow.APPLIED, flow.VERIFY): (flow.VERIFIED, flow.OFFICE, False),
    (flow.APPLIED, flow.REJECT): (flow.REJECTED, flow.OFFICE, True),
    (flow.VERIFIED, flow.CONFIRM): (flow.CONFIRMED, flow.LEADER, False),
    (flow.VERIFIED, flow.REJECT): (flow.REJECTED, flow.LEADER, True),
    (flow.CONFIRMED, flow.REOPEN): (flow.REOPENED, flow.OFFICE, True),
}


@pytest.mark.parametrize("capacity", flow.CAPACITIES)
@pytest.mark.parametrize("action", flow.ACTIONS)
@pytest.mark.parametrize("state", flow.STATES)
def test_transition_table(state, action, capacity):
    transition = flow.find_transition(state, action)
    expected = ALLOWED.get((state, action))
    allowed = [t.action for t in flow.actions_from(state, frozenset({capacity}))]
    if expected is None:
        assert transition is None
        assert action not in allowed
        return
    target, actor, _needs_note = expected
    assert transition is not None
    assert (transition.target, transition.actor, transition.needs_note) == expected
    assert (action in allowed) is (capacity == actor)
    assert target in flow.STATE_LABELS


def test_final_states_allow_nothing():
    everyone = frozenset(flow.CAPACITIES)
    for state in flow.FINAL_STATES:
        assert flow.actions_from(state, everyone) == []


# --- Services, by role ------------------------------------------------------------------

pytestmark = pytest.mark.django_db

ROLES = ("liaison", "head", "reviewer", "office_admin", "leader", "other_liaison")
# Which roles hold which capacity on task 6 (市发展改革委 leads).
CAPACITY_OF = {
    "liaison": flow.DEPARTMENT,
    "head": flow.DEPARTMENT,
    "reviewer": flow.OFFICE,
    "office_admin": flow.OFFICE,
    "leader": flow.LEADER,
    "other_liaison": None,
}


@pytest.fixture
def people(make_user, open_period):
    return {
        "liaison": make_user("liaison", "市发展改革委"),
        "head": make_user("head", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "office_admin": make_user("office_admin"),
        "leader": make_user("leader"),
        "other_liaison": make_user("liaison", "市商务局"),
    }


@pytest.fixture
def task(open_period):
    return ProgressReport.objects.get(period=open_period, task__seq="6").task


def _closure_in(task, state, people):
    """An application brought to `state` through the services (None for NONE)."""
    if state == flow.NONE:
        return None
    closure = closure_apply(task=task, summary="已完成。", files=[PDF], actor=people["liaison"])
    steps = {
        flow.APPLIED: [],
        flow.VERIFIED: [(flow.VERIFY, "reviewer")],
        flow.CONFIRMED: [(flow.VERIFY, "reviewer"), (flow.CONFIRM, "leader")],
        flow.REJECTED: [(flow.REJECT, "reviewer")],
        flow.REOPENED: [
            (flow.VERIFY, "reviewer"),
            (flow.CONFIRM, "leader"),
            (flow.REOPEN, "reviewer"),
        ],
    }[state]
    for action, who in steps:
        closure = closure_act(closure=closure, action=action, actor=people[who], note="理由")
    return closure


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", flow.ACTIONS)
@pytest.mark.parametrize("state", flow.STATES)
def test_services_follow_the_table_for_every_role(task, people, state, action, role):
    closure = _closure_in(task, state, people)
    expected = ALLOWED.get((state, action))
    allowed = expected is not None and CAPACITY_OF[role] == expected[1]
    # Applying again after a final state starts a new application (the table's NONE).
    if action == flow.APPLY and state in flow.FINAL_STATES:
        allowed = CAPACITY_OF[role] == flow.DEPARTMENT

    def attempt():
        if action == flow.APPLY:
            return closure_apply(task=task, summary="已完成。", files=[PDF], actor=people[role])
        if closure is None:
            raise PermissionDenied  # nothing to act on: the page offers no such step
        return closure_act(closure=closure, action=action, actor=people[role], note="理由")

    if allowed:
        result = attempt()
        target = expected[0] if expected else flow.APPLIED
        assert result.state == target
    else:
        with pytest.raises(PermissionDenied):
            attempt()


def test_apply_needs_summary_and_evidence(task, people):
    with pytest.raises(DomainError, match=CLOSURE_SUMMARY_REQUIRED):
        closure_apply(task=task, summary=" ", files=[PDF], actor=people["liaison"])
    with pytest.raises(DomainError, match=CLOSURE_EVIDENCE_REQUIRED):
        closure_apply(task=task, summary="已完成。", files=[], actor=people["liaison"])
    with pytest.raises(DomainError, match="不是 pdf"):
        closure_apply(
            task=task, summary="已完成。", files=[("a.pdf", b"MZ...")], actor=people["liaison"]
        )
    assert not TaskClosure.objects.exists()


def test_reject_and_reopen_need_a_note(task, people):
    closure = _closure_in(task, flow.APPLIED, people)
    with pytest.raises(DomainError, match=CLOSURE_NOTE_REQUIRED.format(action="退回")):
        closure_act(closure=closure, action=flow.REJECT, actor=people["reviewer"])
    closure = closure_act(closure=closure, action=flow.VERIFY, actor=people["reviewer"])
    closure = closure_act(closure=closure, action=flow.CONFIRM, actor=people["leader"])
    with pytest.raises(DomainError, match=CLOSURE_NOTE_REQUIRED.format(action="重启任务")):
        closure_act(closure=closure, action=flow.REOPEN, actor=people["reviewer"], note=" ")


def test_confirmed_closure_completes_the_task_and_stops_its_reports(
    task, people, open_period, make_user
):
    _closure_in(task, flow.CONFIRMED, people)
    decision = StatusDecision.objects.get(task=task, period=open_period)
    assert decision.status == TaskStatus.COMPLETED
    assert decision.reason.startswith("已销号")
    assert closed_task_ids(plan_id=task.plan_id) == {task.pk}
    # Neither the lead department's nor the office's inbox shows it any more.
    today = datetime.date(2021, 10, 1)
    assert all(i.report.task_id != task.pk for i in inbox_for(user=people["liaison"], today=today))

    period_close(period=open_period, actor=people["office_admin"])
    later = period_open(
        plan=task.plan,
        label="全年",
        as_of=datetime.date(2021, 12, 31),
        due_date=datetime.date(2022, 1, 10),
        actor=people["office_admin"],
    )
    assert not ProgressReport.objects.filter(period=later, task=task).exists()
    assert ProgressReport.objects.filter(period=later).exclude(task=task).exists()
    later_decision = StatusDecision.objects.get(task=task, period=later)
    assert (later_decision.status, later_decision.reason) == (
        TaskStatus.COMPLETED,
        CLOSED_TASK_REASON,
    )


def test_reopen_undoes_the_completed_decision(task, people, open_period):
    closure = _closure_in(task, flow.CONFIRMED, people)
    closure_act(closure=closure, action=flow.REOPEN, actor=people["reviewer"], note="复查未完成")
    assert StatusDecision.objects.get(task=task, period=open_period).status == ""
    assert closed_task_ids(plan_id=task.plan_id) == set()
    # The department may apply again.
    again = closure_apply(task=task, summary="整改后完成。", files=[PDF], actor=people["liaison"])
    assert again.state == flow.APPLIED


def test_every_step_is_audited(task, people):
    closure = _closure_in(task, flow.REOPENED, people)
    verbs = list(
        AuditEvent.objects.filter(target_type="reporting.TaskClosure", target_id=str(closure.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "reporting.closure_apply",
        "reporting.closure_verify",
        "reporting.closure_confirm",
        "reporting.closure_reopen",
    ]
