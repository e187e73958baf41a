"""Escalation proposals: two consecutive lagging periods → one proposal; a person decides.

The two periods are the seed's 上半年 (imported progress) and the opened 1-9月, whose draft
reports get progress texts here; the assessment services compute both periods' suggestions.
"""

import pytest
from django.core.exceptions import PermissionDenied

from duban.assessment.kept import assessment_refresh
from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport, StatusDecision
from duban.supervision.models import EscalationProposal
from duban.supervision.services import (
    PROPOSAL_DECIDED,
    PROPOSAL_NOTE_REQUIRED,
    PROPOSAL_SLIP_NOT_OPEN,
    proposal_accept,
    proposal_dismiss,
    proposals_refresh,
    slip_close,
    slip_issue,
    slip_reply,
    slip_sign,
)

pytestmark = pytest.mark.django_db

# 1-9月 progress: task 20 still 部分滞后 (3000 of 6000 = 50.0% against 75.0%); task 2 has
# no 上半年 lag; task 88 still 进度滞后 (300 of 2225 households).
PROGRESS = {
    "20": "1-9月全市新引进高层次人才3000名。",
    "88": "3.全年计划完成困难老年人家庭适老化改造2225户,目前已完成改造300户。",
}


# What the office decided for those tasks in both periods (the seed printed task 20 按时推进).
DECIDED = {"20": "PARTLY_BEHIND", "88": "BEHIND"}


def _write_progress(period) -> None:
    for seq, text in PROGRESS.items():
        ProgressReport.objects.filter(period=period, task__seq=seq).update(progress=text)


@pytest.fixture
def nine_months(open_period, seed_period):
    _write_progress(open_period)
    for period in (seed_period, open_period):
        for seq, status in DECIDED.items():
            StatusDecision.objects.update_or_create(
                task=_task(period, seq), period=period, defaults={"status": status}
            )
    return open_period


def _task(period, seq):
    return KeyTask.objects.get(plan=period.plan, seq=seq)


def test_the_fixture_lags_in_both_periods(nine_months, seed_period):
    for seq, status in (("20", "PARTLY_BEHIND"), ("88", "BEHIND")):
        task = _task(nine_months, seq)
        assert assessment_refresh(task=task, period=nine_months).status == status
        assert assessment_refresh(task=task, period=seed_period).status == status


def test_two_consecutive_lagging_periods_make_one_proposal(nine_months, office):
    created = proposals_refresh(period=nine_months, actor=office)
    assert sorted(p.task.seq for p in created) == ["20", "88"]
    proposal = next(p for p in created if p.task.seq == "20")
    assert proposal.kind == "slip"
    assert proposal.state == "open"
    assert proposal.reason == (
        "连续两期进度滞后:上半年认定状态为部分滞后,1-9月认定状态为部分滞后。"
    )
    audited = AuditEvent.objects.filter(verb="supervision.proposal_create")
    assert audited.count() == 2


def test_suggested_lagging_that_the_office_did_not_decide_makes_no_proposal(
    open_period, seed_period, office
):
    # Both periods' suggestions lag (the test above), but the office decided neither lagging.
    _write_progress(open_period)
    assert proposals_refresh(period=open_period, actor=office) == []


def test_proposals_refresh_is_idempotent(nine_months, office):
    proposals_refresh(period=nine_months, actor=office)
    assert proposals_refresh(period=nine_months, actor=office) == []
    assert EscalationProposal.objects.count() == 2


def test_a_single_lagging_period_makes_no_proposal(open_period, seed_period):
    # 1-9月 reports are empty: no suggestion, so nothing lags twice.
    assert proposals_refresh(period=open_period, actor=SYSTEM) == []
    # 上半年 has no period before it.
    assert proposals_refresh(period=seed_period, actor=SYSTEM) == []


def test_a_task_with_an_open_slip_is_proposed_for_escalation(nine_months, office):
    blue = slip_issue(
        task=_task(nine_months, "20"), level="blue", requirements="抓紧", actor=office
    )
    red = slip_issue(task=_task(nine_months, "88"), level="red", requirements="抓紧", actor=office)
    created = proposals_refresh(period=nine_months, actor=office)
    assert [(p.task.seq, p.kind, p.slip) for p in created] == [("20", "escalate", blue)]
    assert red.level == "red"  # already at the top level: nothing to propose


def test_accepting_a_slip_proposal_issues_the_slip(nine_months, office, lead):
    proposal = next(
        p for p in proposals_refresh(period=nine_months, actor=office) if p.task.seq == "20"
    )
    slip = proposal_accept(proposal=proposal, level="yellow", note="同意", actor=office)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.slip, proposal.decided_by) == ("accepted", slip, office)
    assert proposal.decided_at is not None
    assert proposal.decision_note == "同意"
    assert (slip.level, slip.period, slip.number_label) == (
        "yellow",
        nine_months,
        "督办〔2021〕第1号",
    )
    assert list(slip.departments.all()) == [lead]
    assert proposal.reason in slip.requirements
    event = AuditEvent.objects.get(verb="supervision.proposal_accept")
    assert event.after == {"state": "accepted", "slip": "督办〔2021〕第1号"}


def test_accepting_an_escalation_proposal_escalates_the_open_slip(nine_months, office):
    blue = slip_issue(
        task=_task(nine_months, "20"), level="blue", requirements="抓紧", actor=office
    )
    (proposal,) = [
        p for p in proposals_refresh(period=nine_months, actor=office) if p.task.seq == "20"
    ]
    yellow = proposal_accept(proposal=proposal, actor=office)
    blue.refresh_from_db()
    assert (blue.state, blue.escalated_to) == ("escalated", yellow)
    assert (yellow.level, yellow.period) == ("yellow", nine_months)


def test_an_escalation_proposal_whose_slip_was_closed_cannot_be_accepted(
    nine_months, office, liaison
):
    blue = slip_issue(
        task=_task(nine_months, "20"), level="blue", requirements="抓紧", actor=office
    )
    (proposal,) = [
        p for p in proposals_refresh(period=nine_months, actor=office) if p.task.seq == "20"
    ]
    slip_close(
        slip=slip_reply(slip=slip_sign(slip=blue, actor=liaison), reply="已办", actor=liaison),
        actor=office,
    )
    with pytest.raises(DomainError) as raised:
        proposal_accept(proposal=proposal, actor=office)
    assert raised.value.message == PROPOSAL_SLIP_NOT_OPEN.format(
        number=blue.number_label, state="已办结"
    )


def test_dismissing_needs_a_note_and_is_audited(nine_months, office):
    proposal = proposals_refresh(period=nine_months, actor=office)[0]
    with pytest.raises(DomainError) as raised:
        proposal_dismiss(proposal=proposal, note="  ", actor=office)
    assert raised.value.message == PROPOSAL_NOTE_REQUIRED
    proposal = proposal_dismiss(proposal=proposal, note="已专题协调,暂不督办。", actor=office)
    assert (proposal.state, proposal.decision_note) == ("dismissed", "已专题协调,暂不督办。")
    event = AuditEvent.objects.get(verb="supervision.proposal_dismiss")
    assert event.reason == "已专题协调,暂不督办。"
    with pytest.raises(DomainError) as raised:
        proposal_accept(proposal=proposal, actor=office)
    assert raised.value.message == PROPOSAL_DECIDED


def test_only_the_office_decides(nine_months, office, leader, liaison):
    proposal = proposals_refresh(period=nine_months, actor=office)[0]
    for user in (leader, liaison):
        with pytest.raises(PermissionDenied):
            proposal_accept(proposal=proposal, actor=user)
        with pytest.raises(PermissionDenied):
            proposal_dismiss(proposal=proposal, note="x", actor=user)
