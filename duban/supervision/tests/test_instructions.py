"""Leader instructions (领导批示): the table, the services by role, the pages that show them,
and the appraisal that must never score them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from duban.appraisal.selectors import department_scores
from duban.appraisal.services import scoring_scheme_get_or_create
from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.reporting.models import ProgressReport
from duban.supervision import instruction_workflow as flow
from duban.supervision.models import LeaderInstruction
from duban.supervision.services import (
    INSTRUCTION_DUE_BEFORE_DATE,
    INSTRUCTION_RECORD_NOT_ALLOWED,
    INSTRUCTION_REPLY_REQUIRED,
    instruction_record,
    instruction_reply,
    instruction_sign,
)

ALLOWED = {
    (flow.RECORDED, flow.SIGN): (flow.SIGNED, flow.DEPARTMENT),
    (flow.SIGNED, flow.REPLY): (flow.REPLIED, flow.DEPARTMENT),
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
    else:
        assert transition is not None
        assert (transition.target, transition.actor) == expected
        assert (action in allowed) is (capacity == expected[1])


def test_overdue_only_while_awaiting_a_reply():
    due, late = datetime.date(2021, 10, 1), datetime.date(2021, 10, 2)
    assert flow.is_overdue(flow.RECORDED, due, late)
    assert flow.is_overdue(flow.SIGNED, due, late)
    assert not flow.is_overdue(flow.REPLIED, due, late)
    assert not flow.is_overdue(flow.SIGNED, due, due)
    assert not flow.is_overdue(flow.SIGNED, None, late)


pytestmark = pytest.mark.django_db
ROLES = ("liaison", "head", "reviewer", "leader", "other_liaison")
DEPARTMENT_ROLES = {"liaison", "head"}


@pytest.fixture
def people(make_user, open_period):
    return {
        "liaison": make_user("liaison", "市发展改革委"),
        "head": make_user("head", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "leader": make_user("leader"),
        "other_liaison": make_user("liaison", "市商务局"),
    }


@pytest.fixture
def task(open_period):
    return ProgressReport.objects.get(period=open_period, task__seq="6").task


def record(task, actor, **extra):
    return instruction_record(
        task=task,
        text="要加快推进,确保年内完成。",
        leader="市长",
        instructed_on=datetime.date(2021, 9, 1),
        reply_due=datetime.date(2021, 9, 15),
        actor=actor,
        **extra,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_records(task, people, role):
    if role == "reviewer":
        assert record(task, people[role]).state == flow.RECORDED
    else:
        with pytest.raises(PermissionDenied, match=INSTRUCTION_RECORD_NOT_ALLOWED):
            record(task, people[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", flow.ACTIONS)
@pytest.mark.parametrize("state", flow.STATES)
def test_sign_and_reply_follow_the_table_for_every_role(task, people, state, action, role):
    instruction = record(task, people["reviewer"])
    if state in (flow.SIGNED, flow.REPLIED):
        instruction = instruction_sign(instruction=instruction, actor=people["liaison"])
    if state == flow.REPLIED:
        instruction = instruction_reply(
            instruction=instruction, reply="已落实。", actor=people["head"]
        )
    expected = ALLOWED.get((state, action))

    def attempt():
        if action == flow.SIGN:
            return instruction_sign(instruction=instruction, actor=people[role])
        return instruction_reply(instruction=instruction, reply="已落实。", actor=people[role])

    if expected is not None and role in DEPARTMENT_ROLES:
        assert attempt().state == expected[0]
    else:
        with pytest.raises(PermissionDenied):
            attempt()


def test_record_checks_and_reply_needs_text(task, people):
    with pytest.raises(DomainError, match=INSTRUCTION_DUE_BEFORE_DATE):
        instruction_record(
            task=task,
            text="批示",
            leader="市长",
            instructed_on=datetime.date(2021, 9, 10),
            reply_due=datetime.date(2021, 9, 1),
            actor=people["reviewer"],
        )
    instruction = instruction_sign(
        instruction=record(task, people["reviewer"]), actor=people["liaison"]
    )
    with pytest.raises(DomainError, match=INSTRUCTION_REPLY_REQUIRED):
        instruction_reply(instruction=instruction, reply=" ", actor=people["liaison"])
    instruction_reply(instruction=instruction, reply="已落实。", actor=people["liaison"])
    verbs = list(
        AuditEvent.objects.filter(target_type="supervision.LeaderInstruction")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "supervision.instruction_record",
        "supervision.instruction_sign",
        "supervision.instruction_reply",
    ]


def test_instructions_show_on_task_page_report_form_and_my_tasks(client, task, people, open_period):
    record(task, people["reviewer"])
    report = ProgressReport.objects.get(period=open_period, task=task)
    client.force_login(people["liaison"])
    for url in (
        reverse("reporting:task_detail", args=[task.pk]),
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:inbox"),
        reverse("supervision:task_instructions", args=[task.pk]),
    ):
        page = client.get(url).content.decode()
        assert "市长" in page, url
        assert "领导批示" in page, url


def test_department_signs_and_replies_on_the_page(client, task, people):
    instruction = record(task, people["reviewer"])
    client.force_login(people["liaison"])
    url = reverse("supervision:task_instructions", args=[task.pk])
    client.post(url, {"action": "sign", "instruction": instruction.pk})
    client.post(url, {"action": "reply", "instruction": instruction.pk, "reply": "已落实。"})
    instruction.refresh_from_db()
    assert (instruction.state, instruction.reply) == (flow.REPLIED, "已落实。")


def test_office_records_on_the_page(client, task, people):
    client.force_login(people["reviewer"])
    url = reverse("supervision:task_instructions", args=[task.pk])
    response = client.post(
        url,
        {
            "action": "record",
            "leader": "常务副市长",
            "instructed_on": "2021-09-02",
            "text": "抓紧办理。",
        },
    )
    assert response.status_code == 302
    assert LeaderInstruction.objects.get().leader == "常务副市长"


def test_appraisal_never_scores_instructions(task, people, seed_period):
    """The 2024 rules forbid scoring on "obtaining instructions": adding, signing and replying
    to instructions leaves every score line unchanged."""
    scheme = scoring_scheme_get_or_create(plan=seed_period.plan, actor=SYSTEM).as_scheme()
    today = datetime.date(2021, 10, 1)

    def lines():
        return [
            (s.department, s.total, s.rank, s.lines)
            for s in department_scores(period=seed_period, scheme=scheme, today=today)
        ]

    before = lines()
    instruction = record(task, people["reviewer"])
    instruction_sign(instruction=instruction, actor=people["liaison"])
    instruction_reply(instruction=instruction, reply="已落实。", actor=people["liaison"])
    record(task, people["reviewer"])  # a second one, never answered and overdue
    assert lines() == before


def test_my_tasks_list_the_next_step_on_an_instruction_until_it_is_replied(client, task, people):
    instruction = record(task, people["reviewer"])

    def my_tasks(user) -> str:
        client.force_login(user)
        return client.get(reverse("reporting:inbox")).content.decode()

    assert "待签收" in my_tasks(people["liaison"])
    assert "市长批示" not in my_tasks(people["other_liaison"])
    assert "市长批示" not in my_tasks(people["reviewer"])  # the office follows it on the cockpit
    instruction = instruction_sign(instruction=instruction, actor=people["liaison"])
    assert "待回复" in my_tasks(people["liaison"])
    instruction_reply(instruction=instruction, reply="已部署落实。", actor=people["liaison"])
    assert "市长批示" not in my_tasks(people["liaison"])
