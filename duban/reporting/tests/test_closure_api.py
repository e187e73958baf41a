"""Closure and instructions through the API: the same table, roles and messages as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from duban.reporting.models import ProgressReport, StatusDecision
from duban.reporting.services.closure import CLOSURE_NOTE_REQUIRED

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, open_period):
    return {
        "liaison": make_user("liaison", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "leader": make_user("leader"),
        "other": make_user("liaison", "市商务局"),
    }


@pytest.fixture
def task(open_period):
    return ProgressReport.objects.get(period=open_period, task__seq="6").task


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_closure_from_application_to_confirmation(task, people, open_period):
    url = reverse("api:task_closure_act", args=[task.pk])
    pdf = SimpleUploadedFile("验收.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    response = api(people["liaison"]).post(
        url, {"action": "apply", "summary": "已完成。", "files": [pdf]}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "applied"
    assert response.json()["history"][0]["attachments"] == ["验收.pdf"]
    # The leader cannot confirm before the office verifies.
    assert api(people["leader"]).post(url, {"action": "confirm"}).status_code == 403
    assert api(people["reviewer"]).post(url, {"action": "verify"}).json()["state"] == "verified"
    refused = api(people["leader"]).post(url, {"action": "reject"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == CLOSURE_NOTE_REQUIRED.format(action="退回")
    confirmed = api(people["leader"]).post(url, {"action": "confirm"}).json()
    assert confirmed["state"] == "confirmed"
    assert api(people["reviewer"]).get(reverse("api:task_closure", args=[task.pk])).json()[
        "actions"
    ] == ["reopen"]
    assert StatusDecision.objects.get(task=task, period=open_period).status == "COMPLETED"
    other = api(people["other"]).get(reverse("api:task_closure", args=[task.pk]))
    assert other.status_code == 404


def test_instructions_record_sign_reply(task, people):
    url = reverse("api:task_instructions", args=[task.pk])
    body = {"leader": "市长", "text": "加快推进。", "instructed_on": "2021-09-01"}
    assert api(people["liaison"]).post(url, body).status_code == 403
    created = api(people["reviewer"]).post(url, body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    act = reverse("api:instruction_act", args=[task.pk, pk])
    listed = api(people["liaison"]).get(url).json()
    assert listed[0]["actions"] == ["sign"]
    assert api(people["liaison"]).post(act, {"action": "sign"}).json()["state"] == "signed"
    replied = api(people["liaison"]).post(act, {"action": "reply", "reply": "已落实。"}).json()
    assert (replied["state"], replied["reply"]) == ("replied", "已落实。")
    schema = api(people["reviewer"]).get(reverse("api:schema")).content.decode()
    assert "/api/v1/tasks/{id}/closure/act/" in schema
    assert "/api/v1/tasks/{id}/instructions/" in schema
