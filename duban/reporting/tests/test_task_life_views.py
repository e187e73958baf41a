"""The task pages' ledger edits and change requests, through the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.ledger.models import ChangeRequest, KeyTask, TaskBaseline
from duban.ledger.services import CHANGE_TOO_LATE
from duban.reporting.views.task_life import TASK_SAVED

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_office_creates_edits_splits_and_retires_through_the_pages(seed_period, make_user):
    office = _client(make_user("office_admin"))
    response = office.post(
        reverse("reporting:task_create"),
        {
            "plan": seed_period.plan_id,
            "text": "新建任务,年内完成投资10亿元。",
            "lead": KeyTask.objects.get(plan=seed_period.plan, seq="1")
            .responsibilities.get(position=0)
            .department_id,
            "deadline": "2021-12-31",
        },
    )
    task = KeyTask.objects.get(plan=seed_period.plan, text="新建任务,年内完成投资10亿元。")
    assert response.url == reverse("reporting:task_detail", args=[task.pk])
    edit = reverse("reporting:task_edit", args=[task.pk])
    assert office.get(edit).status_code == 200
    office.post(edit, {"op": "milestone", "quarter": "3", "text": "完成5亿元"})
    office.post(edit, {"op": "split", "parts": "一期\n二期"})
    response = office.post(edit, {"op": "retire", "reason": "并入年度项目。"}, follow=True)
    assert TASK_SAVED.format(task=task.seq) in response.content.decode()
    task.refresh_from_db()
    assert task.state == KeyTask.State.RETIRED
    assert task.milestones.count() == 1
    assert task.subtasks.count() == 2
    page = office.get(reverse("reporting:task_detail", args=[task.pk])).content.decode()
    for expected in ("已撤销", "三季度", "拆分任务", "撤销任务", "变更记录"):
        assert expected in page


def test_a_change_request_through_the_pages_ends_in_the_new_baseline(seed_period, make_user):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    task.deadline = timezone.localdate() + datetime.timedelta(days=30)
    task.save()
    lead = task.responsibilities.get(position=0).department
    liaison = _client(make_user("liaison", lead.name))
    new = reverse("reporting:change_request_new", args=[task.pk])
    later = task.deadline + datetime.timedelta(days=60)
    response = liaison.post(
        new,
        {
            "text": task.text,
            "deadline": later.isoformat(),
            "reason": "征迁延后。",
            "files": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    change = ChangeRequest.objects.get(task=task)
    act = reverse("reporting:change_request_act", args=[change.pk])
    _client(make_user("reviewer")).post(act, {"action": "check", "note": "属实。"})
    _client(make_user("leader")).post(act, {"action": "approve", "note": "同意。"})
    change.refresh_from_db()
    assert change.state == "approved"
    assert TaskBaseline.objects.filter(task=task).count() == 2
    page = liaison.get(reverse("reporting:task_detail", args=[task.pk])).content.decode()
    assert "完成时限经批准调整" in page


def test_a_change_after_the_deadline_is_refused_with_the_message(seed_period, make_user):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")  # 2021: long past
    lead = task.responsibilities.get(position=0).department
    response = _client(make_user("liaison", lead.name)).post(
        reverse("reporting:change_request_new", args=[task.pk]),
        {
            "text": task.text,
            "deadline": "2022-06-30",
            "reason": "推迟。",
            "files": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF"),
        },
    )
    assert CHANGE_TOO_LATE.format(task="1", deadline="2021-12-31") in response.content.decode()
    assert not ChangeRequest.objects.exists()
