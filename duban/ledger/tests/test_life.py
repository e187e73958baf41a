"""The task's life in the ledger: create, correct, split, merge, retire, milestones, and a
change request from request to approval (a new baseline; the original stays)."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.ledger.models import ChangeRequest, Indicator, KeyTask, TaskBaseline
from duban.ledger.selectors import baseline_note, task_events
from duban.ledger.services import (
    CHANGE_EVIDENCE_REQUIRED,
    CHANGE_NOT_LEAD,
    CHANGE_TOO_LATE,
    CORRECTION_REASON_REQUIRED,
    TASK_NOT_ACTIVE,
    ChangeAsked,
    change_request_act,
    change_request_create,
    key_task_create,
    key_task_edit,
    key_task_merge,
    key_task_retire,
    key_task_split,
    milestone_add,
)
from duban.orgs.models import Department

pytestmark = pytest.mark.django_db

PDF = ("批复.pdf", b"%PDF-1.4\n%%EOF")
TEXT = "推进示范区建设,年内完成投资290亿元。"
NEW_TEXT = "推进示范区建设,年内完成投资260亿元。"


@pytest.fixture
def task(seed_period):
    units = list(Department.objects.filter(name__in=["市发展改革委", "市商务局"]))
    units.sort(key=lambda u: u.name != "市发展改革委")
    return key_task_create(
        plan=seed_period.plan,
        text=TEXT,
        departments=units,
        deadline=datetime.date(2021, 10, 31),
        actor=SYSTEM,
    )


def test_a_created_task_is_numbered_last_with_its_original_baseline(task):
    numbers = [int(s) for s in task.plan.tasks.exclude(seq="").values_list("seq", flat=True)]
    assert int(task.seq) == max(numbers)
    (original,) = task.baselines.all()
    assert (original.version, original.source, original.text) == (1, "original", TEXT)
    assert original.deadline == datetime.date(2021, 10, 31)
    assert AuditEvent.objects.filter(verb="ledger.task_create", target_id=str(task.pk)).exists()


def test_correcting_the_wording_needs_a_reason_and_keeps_the_original(task, make_user):
    office = make_user("office_admin")
    fields = {
        "text": "推进示范区建设,年内完成投资290亿元。(修正)",
        "targets_text": "",
        "deadline": task.deadline,
        "deadline_text": "",
        "leader": "",
        "remarks": "",
    }
    with pytest.raises(DomainError) as refused:
        key_task_edit(task=task, **fields, actor=office)
    assert str(refused.value) == CORRECTION_REASON_REQUIRED.format(task=task.seq)
    key_task_edit(task=task, **fields, reason="录入笔误。", actor=office)
    assert [(b.version, b.source) for b in task.baselines.all()] == [
        (1, "original"),
        (2, "correction"),
    ]
    assert task.baselines.get(version=1).text == TEXT
    assert {e.verb for e in task_events(task=task)} >= {
        "ledger.baseline_correct",
        "ledger.task_update",
    }


def test_split_merge_retire_and_milestones(task, make_user):
    office = make_user("office_admin")
    following = KeyTask.objects.filter(plan=task.plan, position__gt=task.position).count()
    parts = key_task_split(task=task, parts=["嘉善片区", "青浦片区"], actor=office)
    assert [p.parent_id for p in parts] == [task.pk, task.pk]
    assert [p.position for p in parts] == [task.position + 1, task.position + 2]
    assert KeyTask.objects.filter(plan=task.plan, position__gt=task.position).count() == (
        following + 2
    )
    other = KeyTask.objects.get(plan=task.plan, seq="2")
    merged = key_task_merge(task=other, into=task, reason="两项合并督办。", actor=office)
    assert merged.state == KeyTask.State.MERGED
    assert merged.merged_into == task
    retired = key_task_retire(task=parts[0], reason="不再单列。", actor=office)
    assert retired.state == KeyTask.State.RETIRED
    assert KeyTask.objects.filter(pk=retired.pk).exists()  # a state, not a delete
    with pytest.raises(DomainError) as refused:
        key_task_retire(task=retired, reason="再撤。", actor=office)
    assert str(refused.value) == TASK_NOT_ACTIVE.format(task=f"{task.seq}(子项)", state="已撤销")
    milestone = milestone_add(task=task, quarter=3, text="完成投资200亿元", actor=office)
    assert milestone.when == "三季度"


def _ask(**changes):
    asked: dict[str, Any] = {
        "text": NEW_TEXT,
        "targets_text": "",
        "deadline": datetime.date(2021, 10, 31),
        "deadline_text": "",
    }
    asked.update(changes)
    return ChangeAsked(reason="受疫情影响,部分项目推迟开工。", **asked)


def test_only_the_lead_asks_before_the_deadline_with_evidence(task, make_user):
    lead = make_user("liaison", "市发展改革委")
    co = make_user("liaison", "市商务局")
    with pytest.raises(DomainError) as refused:
        change_request_create(task=task, asked=_ask(), evidence_files=[PDF], actor=co)
    assert str(refused.value) == CHANGE_NOT_LEAD.format(task=task.seq)
    with pytest.raises(DomainError) as refused:
        change_request_create(
            task=task, asked=_ask(), evidence_files=[], actor=lead, today=datetime.date(2021, 7, 1)
        )
    assert str(refused.value) == CHANGE_EVIDENCE_REQUIRED
    with pytest.raises(DomainError) as refused:
        change_request_create(
            task=task,
            asked=_ask(),
            evidence_files=[PDF],
            actor=lead,
            today=datetime.date(2021, 11, 1),
        )
    assert str(refused.value) == CHANGE_TOO_LATE.format(task=task.seq, deadline="2021-10-31")
    assert not ChangeRequest.objects.filter(task=task).exists()


def test_an_approved_change_is_the_new_baseline_and_the_original_stays(task, make_user):
    lead = make_user("liaison", "市发展改革委")
    Indicator.objects.create(
        task=task,
        position=0,
        name="投资",
        kind="amount",
        target_value=290,
        unit="亿元",
        source_text="年内完成投资290亿元",
        confirmed_at=datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC),
    )
    request = change_request_create(
        task=task,
        asked=_ask(),
        evidence_files=[PDF],
        actor=lead,
        today=datetime.date(2021, 7, 10),
    )
    assert request.kind == ChangeRequest.Kind.ADJUST
    assert request.attachments.count() == 1
    change_request_act(
        change_request=request, action="check", note="情况属实。", actor=make_user("reviewer")
    )
    with pytest.raises(DomainError):
        change_request_act(change_request=request, action="approve", note="", actor=lead)
    done = change_request_act(
        change_request=request, action="approve", note="同意。", actor=make_user("leader")
    )
    assert done.state == "approved"
    task.refresh_from_db()
    assert task.text == NEW_TEXT
    versions = list(task.baselines.all())
    assert [(b.version, b.source, b.text) for b in versions] == [
        (1, "original", TEXT),
        (2, "change", NEW_TEXT),
    ]
    assert versions[1].change_request == done
    assert not task.indicators.exists()  # the 290 read from the old wording is gone
    note = baseline_note(task=task)
    assert note is not None
    on = versions[1].approved_on.isoformat()
    assert str(note) == f"目标经批准调整:原 年内完成投资290亿元 → 年内完成投资260亿元({on} 批准)"


def test_a_later_deadline_alone_is_an_extension(task, make_user):
    lead = make_user("liaison", "市发展改革委")
    request = change_request_create(
        task=task,
        asked=_ask(text=TEXT, deadline=datetime.date(2021, 12, 31)),
        evidence_files=[PDF],
        actor=lead,
        today=datetime.date(2021, 7, 10),
    )
    assert request.kind == ChangeRequest.Kind.EXTEND
    change_request_act(change_request=request, action="check", actor=make_user("reviewer"))
    change_request_act(
        change_request=request, action="approve", note="同意延期。", actor=make_user("leader")
    )
    note = baseline_note(task=task)
    assert note is not None
    assert note.lines[0].startswith("完成时限经批准调整:原 2021-10-31 → 2021-12-31")
    assert TaskBaseline.objects.filter(task=task).count() == 2


def test_the_api_lists_creates_and_acts_on_change_requests(task, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    task.deadline = timezone.localdate() + datetime.timedelta(days=30)
    task.save()
    lead = APIClient()
    lead.force_authenticate(make_user("liaison", "市发展改革委"))
    created = lead.post(
        "/api/v1/change-requests/",
        {
            "task": task.pk,
            "text": NEW_TEXT,
            "reason": "受疫情影响。",
            "files": [SimpleUploadedFile("批复.pdf", PDF[1])],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["evidence"] == ["批复.pdf"]
    change_id = created.json()["id"]
    leader = APIClient()
    leader.force_authenticate(make_user("leader"))
    refused = leader.post(f"/api/v1/change-requests/{change_id}/act/", {"action": "approve"})
    assert refused.status_code == 400
    reviewer = APIClient()
    reviewer.force_authenticate(make_user("reviewer"))
    reviewer.post(f"/api/v1/change-requests/{change_id}/act/", {"action": "check"})
    approved = leader.post(
        f"/api/v1/change-requests/{change_id}/act/", {"action": "approve", "note": "同意。"}
    )
    assert approved.json()["state"] == "approved"
    listed = lead.get("/api/v1/change-requests/", {"task": task.pk}).json()
    assert [c["id"] for c in listed] == [change_id]
