"""The slip services: numbering, signing, replying, closing, escalating, who may."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask
from duban.notifications.models import Notification
from duban.supervision import services
from duban.supervision.models import NumberSequence, SlipAttachment, SupervisionSlip
from duban.supervision.services import (
    ALREADY_OPEN,
    DEADLINE_PAST,
    DEPARTMENT_NOT_RESPONSIBLE,
    ESCALATE_REASON_REQUIRED,
    ISSUE_NOT_ALLOWED,
    REPLY_REQUIRED,
    REQUIREMENTS_REQUIRED,
    TOP_LEVEL,
    next_number,
    slip_close,
    slip_escalate,
    slip_issue,
    slip_reply,
    slip_sign,
)

pytestmark = pytest.mark.django_db

ISSUE_DAY = datetime.datetime(
    2021, 10, 12, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


def _issue(task, actor, **kwargs):
    kwargs.setdefault("level", "blue")
    kwargs.setdefault("requirements", "加快推进人才引进。")
    return slip_issue(task=task, actor=actor, **kwargs)


def test_slip_issue_numbers_per_plan_year_and_addresses_the_lead(
    lagging_task, lead, office, seed_period
):
    slip = _issue(lagging_task, office, period=seed_period)
    assert slip.number_label == "督办〔2021〕第1号"
    assert slip.state == "issued"
    assert list(slip.departments.all()) == [lead]
    assert slip.issued_by == office
    second = _issue(KeyTask.objects.get(plan=lagging_task.plan, seq="1"), office)
    assert (second.year, second.number) == (2021, 2)
    event = AuditEvent.objects.get(verb="supervision.slip_issue", target_id=str(slip.pk))
    assert (event.after or {})["number"] == "督办〔2021〕第1号"


def test_numbers_are_never_reused_after_a_slip_is_deleted(lagging_task, office, plan):
    first = _issue(lagging_task, office)
    first.departments.clear()
    first.delete()
    again = _issue(lagging_task, office)
    assert again.number == 2


def test_numbering_continues_from_the_sequence_row_per_kind_and_year(db):
    with transaction.atomic():
        assert next_number(kind="slip", year=2021) == 1
        assert next_number(kind="slip", year=2021) == 2
        assert next_number(kind="slip", year=2022) == 1
        assert next_number(kind="bulletin", year=2021) == 1
    NumberSequence.objects.filter(kind="slip", year=2021).update(last_number=41)
    assert next_number(kind="slip", year=2021) == 42


def test_numbering_increments_in_the_database_under_the_row_lock(db):
    next_number(kind="slip", year=2021)
    with CaptureQueriesContext(connection) as queries:
        next_number(kind="slip", year=2021)
    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE"))
    # `last_number = last_number + 1` in one statement: no read-modify-write race.
    assert '"last_number" = ("supervision_numbersequence"."last_number" + 1)' in update


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test-pg); SQLite serialises writers")
    numbers: list[int] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            with transaction.atomic():
                numbers.append(next_number(kind="slip", year=2030))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))


def test_slip_issue_refuses_non_office_users(lagging_task, leader, liaison, head):
    for user in (leader, liaison, head):
        with pytest.raises(PermissionDenied, match=ISSUE_NOT_ALLOWED):
            _issue(lagging_task, user)
    assert not SupervisionSlip.objects.exists()


def test_reviewer_may_issue(lagging_task, reviewer):
    assert _issue(lagging_task, reviewer).number == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requirements": "  "}, REQUIREMENTS_REQUIRED),
        ({"reply_deadline": datetime.date(2000, 1, 1)}, DEADLINE_PAST),
        ({"level": "green"}, "督办等级「green」无效。"),
    ],
)
def test_slip_issue_validates_its_input(lagging_task, office, kwargs, message):
    with pytest.raises(DomainError) as raised:
        _issue(lagging_task, office, **kwargs)
    assert raised.value.message == message
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def test_slip_issue_refuses_a_unit_not_responsible_for_the_task(
    lagging_task, office, other_department
):
    with pytest.raises(DomainError) as raised:
        _issue(lagging_task, office, departments=[other_department])
    assert raised.value.message == DEPARTMENT_NOT_RESPONSIBLE.format(name=other_department.name)


def test_one_open_slip_per_task(lagging_task, office):
    first = _issue(lagging_task, office)
    with pytest.raises(DomainError) as raised:
        _issue(lagging_task, office)
    assert raised.value.message == ALREADY_OPEN.format(number=first.number_label)


def test_sign_records_who_and_when_and_tells_the_issuer(lagging_task, office, liaison):
    with time_machine.travel(ISSUE_DAY, tick=False):
        slip = _issue(lagging_task, office)
    signed_at = ISSUE_DAY + datetime.timedelta(hours=3)
    with time_machine.travel(signed_at, tick=False):
        slip = slip_sign(slip=slip, actor=liaison)
    slip.refresh_from_db()
    assert slip.state == "signed"
    assert slip.signed_by == liaison
    assert slip.signed_at == signed_at
    assert AuditEvent.objects.filter(verb="supervision.slip_sign", target_id=str(slip.pk)).exists()


def test_issue_notifies_the_liaisons_and_head_of_the_addressed_unit(
    lagging_task, office, liaison, head, other_liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        slip = _issue(lagging_task, office)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"lead_liaison", "lead_head"}
    assert Notification.objects.filter(subject=f"新督办单:{slip.number_label}").count() == 2


def test_another_department_cannot_sign_or_reply(lagging_task, office, other_liaison, leader):
    slip = _issue(lagging_task, office)
    for user in (other_liaison, leader, office):
        with pytest.raises(PermissionDenied):
            slip_sign(slip=slip, actor=user)
    slip.refresh_from_db()
    assert slip.state == "issued"


def test_reply_needs_text_and_keeps_evidence(lagging_task, office, head):
    slip = slip_sign(slip=_issue(lagging_task, office), actor=head)
    with pytest.raises(DomainError) as raised:
        slip_reply(slip=slip, reply=" ", actor=head)
    assert raised.value.message == REPLY_REQUIRED
    slip = slip_reply(
        slip=slip,
        reply="已召开专题会,9月底完成引进3000名。",
        files=[("佐证.pdf", b"%PDF-1.4\n%%EOF")],
        actor=head,
    )
    assert slip.state == "replied"
    assert slip.replied_by == head
    assert slip.reply_at is not None
    attachment = SlipAttachment.objects.get(slip=slip)
    assert attachment.original_name == "佐证.pdf"
    assert attachment.content_type == "application/pdf"


def test_reply_refuses_a_file_that_is_not_what_it_claims(lagging_task, office, head):
    slip = slip_sign(slip=_issue(lagging_task, office), actor=head)
    with pytest.raises(DomainError, match="不是 pdf"):
        slip_reply(slip=slip, reply="已办理", files=[("x.pdf", b"MZ...")], actor=head)
    slip.refresh_from_db()
    assert slip.state == "signed"


def test_close_by_the_office_after_the_reply(lagging_task, office, liaison):
    slip = _issue(lagging_task, office)
    with pytest.raises(PermissionDenied):
        slip_close(slip=slip, actor=office)  # no reply yet
    slip = slip_reply(slip=slip_sign(slip=slip, actor=liaison), reply="已办理", actor=liaison)
    with pytest.raises(PermissionDenied):
        slip_close(slip=slip, actor=liaison)
    slip = slip_close(slip=slip, actor=office, note="办理到位")
    assert (slip.state, slip.closed_by, slip.close_note) == ("closed", office, "办理到位")
    assert services.open_slip_of(lagging_task) is None


def test_overdue_after_the_deadline_until_replied(lagging_task, office, liaison):
    with time_machine.travel(ISSUE_DAY, tick=False):
        slip = _issue(lagging_task, office, reply_deadline=datetime.date(2021, 10, 20))
    assert not slip.is_overdue(datetime.date(2021, 10, 20))
    assert slip.is_overdue(datetime.date(2021, 10, 21))
    assert slip.state_label(datetime.date(2021, 10, 21)) == "逾期"
    slip = slip_sign(slip=slip, actor=liaison)
    assert slip.is_overdue(datetime.date(2021, 10, 21))
    slip = slip_reply(slip=slip, reply="已办理", actor=liaison)
    assert not slip.is_overdue(datetime.date(2021, 10, 21))
    assert slip.state_label(datetime.date(2021, 10, 21)) == "已回复"


def test_escalation_creates_the_next_level_linked(lagging_task, office, lead, seed_period):
    with time_machine.travel(ISSUE_DAY, tick=False):
        blue = _issue(
            lagging_task, office, period=seed_period, reply_deadline=datetime.date(2021, 10, 20)
        )
    with time_machine.travel(ISSUE_DAY + datetime.timedelta(days=10), tick=False):
        yellow = slip_escalate(slip=blue, actor=office)  # overdue: no reason needed
        blue.refresh_from_db()
        assert (blue.state, blue.escalated_to) == ("escalated", yellow)
        assert (yellow.level, yellow.state, yellow.number) == ("yellow", "issued", 2)
        assert yellow.escalated_from == blue
        assert list(yellow.departments.all()) == [lead]
        assert yellow.requirements == blue.requirements
        assert yellow.period == seed_period
        red = slip_escalate(slip=yellow, actor=office, reason="紧急事项,市长批示。")
        assert red.level == "red"
        with pytest.raises(DomainError) as raised:
            slip_escalate(slip=red, actor=office, reason="再升级")
        assert raised.value.message == TOP_LEVEL
    assert AuditEvent.objects.filter(verb="supervision.slip_escalate").count() == 2


def test_escalation_before_the_deadline_needs_a_reason(lagging_task, office):
    slip = _issue(lagging_task, office)
    with pytest.raises(DomainError) as raised:
        slip_escalate(slip=slip, actor=office)
    assert raised.value.message == ESCALATE_REASON_REQUIRED
    assert slip_escalate(slip=slip, actor=office, reason="紧急").level == "yellow"


def test_escalation_is_the_office_s_and_not_after_closing(lagging_task, office, liaison, leader):
    slip = _issue(lagging_task, office)
    for user in (liaison, leader):
        with pytest.raises(PermissionDenied):
            slip_escalate(slip=slip, actor=user, reason="x")
    slip = slip_reply(slip=slip_sign(slip=slip, actor=liaison), reply="已办理", actor=liaison)
    slip = slip_close(slip=slip, actor=office)
    with pytest.raises(PermissionDenied):
        slip_escalate(slip=slip, actor=office, reason="x")


def test_a_slip_to_a_group_reaches_and_is_signed_by_its_members(
    plan, office, make_user, django_capture_on_commit_callbacks
):
    task = KeyTask.objects.get(plan=plan, seq="12")
    group = task.responsibilities.get(position=1).department
    assert group.name == "各县(市、区)政府"
    nanhu = make_user("liaison", "南湖区政府", username="nanhu")
    with django_capture_on_commit_callbacks(execute=True):
        slip = _issue(task, office, departments=[group])
    assert Notification.objects.filter(recipient=nanhu).count() == 1
    slip = slip_sign(slip=slip, actor=nanhu)
    assert slip.signed_by == nanhu
