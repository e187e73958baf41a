"""我的任务 lists the 督办单 a user must act on: to sign and to answer for the addressed
department, to close for the office; a slip drops off once its step is done."""

import datetime

import pytest
from django.urls import reverse

from duban.ledger.models import KeyTask
from duban.supervision.services import slip_close, slip_issue, slip_reply, slip_sign

pytestmark = pytest.mark.django_db


def inbox(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("reporting:inbox")).content.decode()


def test_slips_to_sign_answer_and_close_are_in_my_tasks(
    client, open_period, make_user, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 10, 1, 9, tzinfo=datetime.UTC))
    office = make_user("office_admin")
    liaison = make_user("liaison", "市发展改革委")
    stranger = make_user("liaison", "市财政局")
    task = KeyTask.objects.get(plan=open_period.plan, seq="8")
    slip = slip_issue(
        task=task,
        level="blue",
        requirements="加快推进。",
        actor=office,
        reply_deadline=datetime.date(2021, 10, 20),
    )
    assert task.responsibilities.get(position=0).department.name == "市发展改革委"

    page = inbox(client, liaison)
    assert slip.number_label in page
    assert "待签收" in page
    assert reverse("supervision:slip_detail", args=[slip.pk]) in page
    assert slip.number_label not in inbox(client, stranger)

    slip = slip_sign(slip=slip, actor=liaison)
    assert "待回复" in inbox(client, liaison)

    slip = slip_reply(slip=slip, reply="已推进。", actor=liaison)
    assert slip.number_label not in inbox(client, liaison)
    office_page = inbox(client, office)
    assert slip.number_label in office_page
    assert "待办结" in office_page

    slip_close(slip=slip, actor=office)
    assert slip.number_label not in inbox(client, office)


def test_an_overdue_slip_is_marked(client, open_period, make_user, time_machine):
    time_machine.move_to(datetime.datetime(2021, 10, 1, 9, tzinfo=datetime.UTC))
    office = make_user("office_admin")
    liaison = make_user("liaison", "市发展改革委")
    task = KeyTask.objects.get(plan=open_period.plan, seq="8")
    slip_issue(
        task=task,
        level="blue",
        requirements="加快推进。",
        actor=office,
        reply_deadline=datetime.date(2021, 10, 20),
    )
    time_machine.move_to(datetime.datetime(2021, 11, 1, 9, tzinfo=datetime.UTC))
    page = inbox(client, liaison)
    todos = page.split('class="data inbox-todos"')[1].split("</table>")[0]
    assert "逾期" in todos
