"""An approved change moves the baseline every judging or showing place reads, and each says
so: the suggestion's inputs, 状态研判, the published row, the cockpit drill-down, the bulletin."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from duban.assessment.kept import assessments_refresh
from duban.assessment.selectors import review_rows
from duban.core.audit import SYSTEM
from duban.ledger.models import KeyTask
from duban.ledger.services import ChangeAsked, change_request_act, change_request_create
from duban.publishing.services import publication_create
from duban.reporting.services.decisions import status_decision_set
from duban.supervision.documents import _task_line
from duban.supervision.selectors import bulletin_data

pytestmark = pytest.mark.django_db


def _approve(task, make_user, text):
    lead = task.responsibilities.get(position=0).department
    request = change_request_create(
        task=task,
        asked=ChangeAsked(
            text=text, targets_text="", deadline=None, deadline_text="", reason="规划调整。"
        ),
        evidence_files=[("批复.pdf", b"%PDF-1.4\n%%EOF")],
        actor=make_user("liaison", lead.name),
        today=datetime.date(2021, 7, 1),
    )
    change_request_act(change_request=request, action="check", actor=make_user("reviewer"))
    change_request_act(
        change_request=request, action="approve", note="同意。", actor=make_user("leader")
    )


def test_every_place_reads_and_names_the_approved_baseline(seed_period, make_user):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    original = task.text
    before = assessments_refresh(period=seed_period, tasks=[task])[task.pk].inputs_fingerprint
    _approve(task, make_user, original + "年内完成投资260亿元。")
    task.refresh_from_db()

    kept = assessments_refresh(period=seed_period, tasks=[task])[task.pk]
    assert kept.inputs_fingerprint != before  # the engine read the approved wording

    (row,) = [r for r in review_rows(period=seed_period) if r.task.pk == task.pk]
    assert row.baseline_note.startswith("目标经批准调整:原 ")
    assert "年内完成投资260亿元" in row.baseline_note

    publication = publication_create(
        period=seed_period,
        published_at=datetime.datetime(2021, 9, 8, tzinfo=datetime.UTC),
        actor=SYSTEM,
    )
    published = publication.rows.get(seq="1")
    assert published.task == task.text
    assert published.baseline_note == row.baseline_note
    page = Client().get(reverse("publishing:publication_detail", args=[publication.pk]))
    assert row.baseline_note in page.content.decode()

    office = Client()
    office.force_login(make_user("office_admin"))
    drill = office.get(reverse("dashboards:task_list"), {"period": seed_period.pk})
    assert row.baseline_note in drill.content.decode()

    status_decision_set(
        task=task, period=seed_period, status="PARTLY_BEHIND", reason="滞后。", actor=SYSTEM
    )
    data = bulletin_data(period=seed_period, today=datetime.date(2021, 7, 20))
    (item,) = [i for i in data.lagging if i.seq == "1"]
    assert item.baseline_note == row.baseline_note
    assert row.baseline_note in _task_line(item)
