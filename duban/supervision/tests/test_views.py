"""The supervision pages per role: list, issue from a task, detail and actions, exports,
proposals, bulletins."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport, StatusDecision
from duban.supervision.models import Bulletin, EscalationProposal, SupervisionSlip
from duban.supervision.services import PROPOSAL_NOTE_REQUIRED, slip_issue, slip_sign
from duban.supervision.views import (
    ACTION_DONE,
    BULLETIN_CREATED,
    ISSUED,
    PROPOSAL_ACCEPTED,
    PROPOSALS_CREATED,
)

pytestmark = pytest.mark.django_db

LIST = reverse("supervision:slip_list")
ISSUE = reverse("supervision:slip_issue")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def slip(lagging_task, seed_period, office):
    return slip_issue(
        task=lagging_task, period=seed_period, level="blue", requirements="加快推进。", actor=office
    )


@pytest.fixture
def other_slip(plan, office, lead):
    """A slip to a unit other than the lead of the lagging task."""
    task = (
        KeyTask.objects.filter(plan=plan, responsibilities__position=0)
        .exclude(responsibilities__department=lead)
        .order_by("position")[0]
    )
    return slip_issue(task=task, level="red", requirements="限期办结。", actor=office)


def test_office_and_leader_see_every_slip(slip, other_slip, office, leader):
    for user in (office, leader):
        response = _client(user).get(LIST)
        assert response.status_code == 200
        assert response.context["title"] == "督办单"
        assert [row[0] for row in response.context["rows"]] == [other_slip, slip]


def test_a_department_sees_only_its_own_slips(slip, other_slip, liaison, other_liaison):
    response = _client(liaison).get(LIST)
    assert response.context["title"] == "我的督办单"
    assert [row[0] for row in response.context["rows"]] == [slip]
    assert "督办〔2021〕第1号" in response.content.decode()
    others = [row[0] for row in _client(other_liaison).get(LIST).context["rows"]]
    assert slip not in others
    assert all(other_liaison.department in s.departments.all() for s in others)


def test_filters_level_department_and_overdue(slip, other_slip, office, lead):
    client = _client(office)
    assert [r[0] for r in client.get(LIST, {"level": "red"}).context["rows"]] == [other_slip]
    assert [r[0] for r in client.get(LIST, {"department": lead.pk}).context["rows"]] == [slip]
    assert client.get(LIST, {"overdue": "1"}).context["rows"] == []
    SupervisionSlip.objects.filter(pk=slip.pk).update(reply_deadline=datetime.date(2021, 1, 1))
    response = client.get(LIST, {"overdue": "1"})
    assert [(r[0], r[1], r[2]) for r in response.context["rows"]] == [(slip, True, "逾期")]
    assert '<span class="overdue">逾期</span>' in response.content.decode()


def test_list_pages_and_keeps_its_query_budget(plan, office, django_assert_max_num_queries):
    tasks = KeyTask.objects.filter(plan=plan).order_by("position")[:35]
    for task in tasks:
        slip_issue(task=task, level="blue", requirements="推进", actor=office)
    client = _client(office)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 30
    assert client.get(LIST, {"page": 2}).context["page"].number == 2


def test_export_excel(slip, office):
    response = _client(office).get(LIST, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "督办单"
    assert rows[1][:3] == ("编号", "等级", "督办事项")
    assert rows[2][0] == "督办〔2021〕第1号"
    assert rows[2][1] == "蓝"
    assert AuditEvent.objects.filter(verb="supervision.slip_export").exists()


def test_issue_form_is_prefilled_from_the_decided_status(lagging_task, seed_period, lead, office):
    # Suggested 部分滞后 but decided 进度滞后 by the office: the decision is the finding.
    StatusDecision.objects.filter(task=lagging_task, period=seed_period).update(
        status="BEHIND", reason="人才引进明显落后"
    )
    ProgressReport.objects.filter(task=lagging_task, period=seed_period).update(
        problems="高层次人才竞争激烈。"
    )
    response = _client(office).get(ISSUE, {"task": lagging_task.pk, "period": seed_period.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["level"] == "yellow"
    assert form.initial["requirements"].startswith("该项工作上半年认定状态为进度滞后。")
    assert form.initial["departments"] == [lead.pk]
    assert form.initial["reply_deadline"] > timezone.localdate()
    assert response.context["problems"] == [
        "上半年认定状态:进度滞后(理由:人才引进明显落后)",
        "牵头单位报送的存在问题:高层次人才竞争激烈",
    ]
    # The suggestion is shown to the office apart, as not printed.
    page = response.content.decode()
    suggestion = page[page.index('id="slip-suggestion"') :]
    assert "不印入督办单" in suggestion
    assert "落后2.1个百分点" in suggestion


def test_slips_can_be_issued_from_the_review_page_the_task_page_and_the_cockpit(
    seed_period, office, leader
):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="75")  # decided 滞后 in the seed
    link = f"{ISSUE}?task={task.pk}&amp;period={seed_period.pk}"
    pages = [
        (reverse("assessment:review"), {"period": seed_period.pk}),
        (reverse("reporting:task_detail", args=[task.pk]), {}),
        (reverse("dashboards:cockpit"), {"period": seed_period.pk}),
    ]
    for url, query in pages:
        assert link in _client(office).get(url, query).content.decode(), url
    # A leader reads the task page and the cockpit but issues no slip.
    for url, query in pages[1:]:
        assert ISSUE not in _client(leader).get(url, query).content.decode(), url


def test_issue_without_a_task_offers_a_task_picker(plan, office):
    response = _client(office).get(ISSUE)
    assert response.status_code == 200
    assert response.context["task"] is None
    assert len(response.context["tasks"]) == KeyTask.objects.filter(plan=plan).count()


def test_issue_in_one_step(lagging_task, seed_period, lead, office):
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    response = _client(office).post(
        ISSUE,
        {
            "task": lagging_task.pk,
            "period": seed_period.pk,
            "level": "yellow",
            "requirements": "请于7日内反馈。",
            "reply_deadline": deadline.isoformat(),
            "departments": [lead.pk],
        },
        follow=True,
    )
    slip = SupervisionSlip.objects.get()
    assert response.redirect_chain[-1][0] == reverse("supervision:slip_detail", args=[slip.pk])
    assert ISSUED.format(number="督办〔2021〕第1号") in _messages(response)
    assert (slip.level, slip.period, slip.reply_deadline) == ("yellow", seed_period, deadline)


def test_issue_shows_the_service_s_refusal(slip, lagging_task, lead, office):
    response = _client(office).post(
        ISSUE,
        {
            "task": lagging_task.pk,
            "level": "blue",
            "requirements": "再发一次",
            "reply_deadline": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "departments": [lead.pk],
        },
    )
    assert response.status_code == 200
    assert "该任务已有未办结的督办单(督办〔2021〕第1号)" in response.content.decode()


@pytest.mark.parametrize("role", ["leader", "liaison", "head"])
def test_only_the_office_may_open_the_issue_form(lagging_task, request, role):
    user = request.getfixturevalue(role)
    assert _client(user).get(ISSUE, {"task": lagging_task.pk}).status_code == 403


def test_department_signs_and_replies_from_the_page(slip, liaison, head):
    detail = reverse("supervision:slip_detail", args=[slip.pk])
    act = reverse("supervision:slip_act", args=[slip.pk])
    page = _client(liaison).get(detail)
    assert page.context["actions"] == {"sign"}
    response = _client(liaison).post(act, {"action": "sign"}, follow=True)
    assert ACTION_DONE["sign"].format(number=slip.number_label) in _messages(response)
    response = _client(head).post(
        act,
        {
            "action": "reply",
            "reply": "已落实专项措施。",
            "files": [SimpleUploadedFile("佐证.pdf", b"%PDF-1.4\n%%EOF")],
        },
        follow=True,
    )
    slip.refresh_from_db()
    assert (slip.state, slip.replied_by) == ("replied", head)
    attachment = slip.attachments.get()
    download = reverse("supervision:slip_attachment", args=[slip.pk, attachment.pk])
    assert _client(liaison).get(download).status_code == 200
    assert "已落实专项措施。" in response.content.decode()


def test_office_closes_and_escalates_from_the_page(slip, office, liaison):
    act = reverse("supervision:slip_act", args=[slip.pk])
    client = _client(office)
    response = client.post(act, {"action": "escalate"}, follow=True)
    assert "督办单尚未超过办理时限,提前升级须说明理由。" in _messages(response)
    response = client.post(act, {"action": "escalate", "reason": "市长批示,加急。"}, follow=True)
    new = SupervisionSlip.objects.get(level="yellow")
    assert ACTION_DONE["escalate"].format(number=new.number_label) in _messages(response)
    assert response.context["predecessor"] == slip
    slip_sign(slip=new, actor=liaison)
    reply = reverse("supervision:slip_act", args=[new.pk])
    _client(liaison).post(reply, {"action": "reply", "reply": "已办结"})
    client.post(reply, {"action": "close", "note": "同意办结"})
    new.refresh_from_db()
    assert (new.state, new.close_note) == ("closed", "同意办结")


def test_actions_refused_for_those_not_addressed(slip, other_liaison, leader):
    act = reverse("supervision:slip_act", args=[slip.pk])
    assert _client(other_liaison).post(act, {"action": "sign"}).status_code == 404
    assert _client(leader).post(act, {"action": "sign"}).status_code == 403
    assert (
        _client(leader).get(reverse("supervision:slip_detail", args=[slip.pk])).context["actions"]
        == set()
    )
    slip.refresh_from_db()
    assert slip.state == "issued"


def test_slip_docx_download(slip, liaison):
    response = _client(liaison).get(reverse("supervision:slip_docx", args=[slip.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''%E7%9D%A3%E5%8A%9E" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="supervision.slip_docx").exists()


@pytest.fixture
def nine_months(open_period, seed_period, lagging_task):
    """Task 20 decided 部分滞后 by the office in 上半年 and in 1-9月."""
    ProgressReport.objects.filter(period=open_period, task__seq="20").update(
        progress="1-9月全市新引进高层次人才3000名。"
    )
    for period in (seed_period, open_period):
        StatusDecision.objects.update_or_create(
            task=lagging_task, period=period, defaults={"status": "PARTLY_BEHIND"}
        )
    return open_period


def test_proposals_page_refresh_and_accept(nine_months, office):
    page = reverse("supervision:proposal_list")
    client = _client(office)
    response = client.get(page, {"period": nine_months.pk})
    assert response.status_code == 200
    assert "20" in [a.task.seq for a in response.context["lagging"]]
    response = client.post(
        reverse("supervision:proposals_refresh"), {"period": nine_months.pk}, follow=True
    )
    assert PROPOSALS_CREATED.format(count=1) in _messages(response)
    proposal = EscalationProposal.objects.get()
    decide = reverse("supervision:proposal_decide", args=[proposal.pk])
    response = client.post(decide, {"decision": "dismiss", "note": ""}, follow=True)
    assert PROPOSAL_NOTE_REQUIRED in _messages(response)
    response = client.post(decide, {"decision": "accept", "level": "yellow"}, follow=True)
    assert PROPOSAL_ACCEPTED.format(number="督办〔2021〕第1号") in _messages(response)
    assert SupervisionSlip.objects.get().level == "yellow"


def test_leader_reads_proposals_but_cannot_decide(nine_months, leader):
    assert _client(leader).get(reverse("supervision:proposal_list")).status_code == 200
    response = _client(leader).post(
        reverse("supervision:proposals_refresh"), {"period": nine_months.pk}
    )
    assert response.status_code == 403


def test_bulletin_from_the_browser(seed_period, office, leader):
    client = _client(office)
    response = client.post(
        reverse("supervision:bulletin_create"), {"period": seed_period.pk}, follow=True
    )
    assert BULLETIN_CREATED.format(year=2021, number=1) in _messages(response)
    bulletin = Bulletin.objects.get()
    assert "列入本次通报的重点工作共99项" in response.content.decode()
    download = _client(leader).get(reverse("supervision:bulletin_download", args=[bulletin.pk]))
    assert download.status_code == 200
    assert download.getvalue().startswith(b"PK")
    assert (
        _client(leader)
        .post(reverse("supervision:bulletin_create"), {"period": seed_period.pk})
        .status_code
        == 403
    )


def test_nav_entry_for_everyone_who_reads_slips(office, liaison, leader):
    for user in (office, liaison, leader):
        assert '<a href="/supervision/"' in _client(user).get(LIST).content.decode()
