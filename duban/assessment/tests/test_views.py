"""The status review pages on the seed: the office reviews, leaders read, others are kept out."""

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from duban.assessment.models import StatusAssessment
from duban.assessment.services import DECISION_REASON_REQUIRED
from duban.assessment.views import DISAGREEMENT_HEADER
from duban.core.models import AuditEvent
from duban.ledger.models import Indicator, KeyTask
from duban.reporting.models import StatusDecision

pytestmark = pytest.mark.django_db


def _json(value: Any) -> dict[str, Any]:
    """An audit event's before/after, which the model types loosely."""
    assert isinstance(value, dict)
    return value


@pytest.fixture
def office(client, make_user):
    client.force_login(make_user("office_admin"))
    return client


def _task(period, seq: str) -> KeyTask:
    return KeyTask.objects.get(plan=period.plan, seq=seq)


def _row(page: str, task: KeyTask) -> str:
    match = re.search(rf'<tr id="task-{task.pk}".*?</tr>', page, re.S)
    assert match is not None, f"no row for task {task.seq}"
    return match.group()


def test_office_sees_suggestions_beside_decisions(office, seed_period):
    response = office.get(reverse("assessment:review"), {"period": seed_period.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "状态研判" in page
    row = _row(page, _task(seed_period, "1"))
    assert "按时推进" in row  # decided, as printed
    assert "部分滞后" in row  # suggested
    assert "年内计划完成投资290亿元" in row
    assert "确认建议" in row
    assert StatusAssessment.objects.filter(period=seed_period).count() == 100


def test_the_newest_period_is_shown_by_default_and_unknown_ones_are_404(office, seed_period):
    assert office.get(reverse("assessment:review")).context["period"] == seed_period
    assert office.get(reverse("assessment:review"), {"period": 9999}).status_code == 404
    assert office.get(reverse("assessment:review"), {"period": "x"}).status_code == 404


def test_only_disagreeing_filter(office, seed_period):
    response = office.get(
        reverse("assessment:review"), {"period": seed_period.pk, "only": "disagree"}
    )
    rows = response.context["rows"]
    assert rows
    assert all(row.disagrees for row in rows)
    assert len(rows) == response.context["disagreeing"] < response.context["total"]


def test_confidence_filter_and_uncertain_first(office, seed_period):
    url = reverse("assessment:review")
    page = office.get(url, {"period": seed_period.pk}).content.decode()
    assert "把握" in _row(page, _task(seed_period, "1"))
    low = office.get(url, {"period": seed_period.pk, "confidence": "low"}).context["rows"]
    assert low
    assert all(row.assessment.confidence == "low" for row in low)
    rows = office.get(url, {"period": seed_period.pk, "sort": "confidence"}).context["rows"]
    order = {"low": 0, "medium": 1, "high": 2}
    keys = [(order[row.assessment.confidence], row.assessment.confidence_score) for row in rows]
    assert keys == sorted(keys)
    assert {row.assessment.confidence for row in rows} == {"low", "medium", "high"}


def test_disagreement_list_shows_task_1_with_its_figures(office, seed_period):
    response = office.get(reverse("assessment:disagreement_list"), {"period": seed_period.pk})
    assert response.status_code == 200
    row = _row(response.content.decode(), _task(seed_period, "1"))
    assert "按时推进" in row
    assert "部分滞后" in row
    assert "完成38.3%,序时进度50.0%,落后11.7个百分点" in row
    assert "年内计划完成投资290亿元" in row
    # Tasks the engine cannot judge are not disagreements; agreeing ones are not listed.
    seqs = {row.task.seq for row in response.context["rows"]}
    assert "2" not in seqs  # 暂不评估
    assert "86" in seqs  # suggested 进度较快, printed 按时推进


def test_one_click_confirm(office, seed_period):
    task = _task(seed_period, "1")
    response = office.post(
        reverse("assessment:status_decide"),
        {"period": seed_period.pk, "task": task.pk, "status": "PARTLY_BEHIND", "reason": ""},
        follow=True,
    )
    assert "第1项已认定为“部分滞后”。" in response.content.decode()
    assert StatusDecision.objects.get(task=task, period=seed_period).status == "PARTLY_BEHIND"
    assert response.redirect_chain[-1][0].endswith(f"#task-{task.pk}")
    listed = office.get(reverse("assessment:disagreement_list"), {"period": seed_period.pk})
    assert task not in [row.task for row in listed.context["rows"]]


def test_differing_decision_without_reason_is_refused_with_the_message(office, seed_period):
    task = _task(seed_period, "1")
    back = f"{reverse('assessment:review')}?period={seed_period.pk}&only=disagree"
    response = office.post(
        reverse("assessment:status_decide"),
        {"period": seed_period.pk, "task": task.pk, "status": "AHEAD", "reason": "", "next": back},
        follow=True,
    )
    message = DECISION_REASON_REQUIRED.format(suggested="部分滞后")
    assert f"第1项:{message}" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{back}#task-{task.pk}"
    assert StatusDecision.objects.get(task=task, period=seed_period).status == "ON_TRACK"
    # With a reason it is taken, and the audit keeps both.
    office.post(
        reverse("assessment:status_decide"),
        {"period": seed_period.pk, "task": task.pk, "status": "ON_TRACK", "reason": "子项综合研判"},
    )
    decision = StatusDecision.objects.get(task=task, period=seed_period)
    assert (decision.status, decision.reason) == ("ON_TRACK", "子项综合研判")
    event = AuditEvent.objects.exclude(actor=None).get(verb="reporting.status_decide")
    after = _json(event.after)
    assert (after["status"], after["suggested_status"]) == ("ON_TRACK", "PARTLY_BEHIND")


def test_decide_rejects_an_outside_next_and_a_get(office, seed_period):
    task = _task(seed_period, "1")
    response = office.post(
        reverse("assessment:status_decide"),
        {
            "period": seed_period.pk,
            "task": task.pk,
            "status": "PARTLY_BEHIND",
            "next": "https://example.invalid/",
        },
    )
    assert response["Location"].startswith(reverse("assessment:review"))
    assert office.get(reverse("assessment:status_decide")).status_code == 405


def test_indicator_review_highlights_numbers_and_saving_creates_indicators(office, seed_period):
    task = _task(seed_period, "17")
    url = reverse("assessment:indicator_review", args=[task.pk])
    page = office.get(url).content.decode()
    assert '<mark class="target">300家</mark>' in page
    assert '<mark class="target">600家</mark>' in page
    assert 'value="新认定高新技术企业"' in page
    form = {
        "indicators-TOTAL_FORMS": "4",
        "indicators-INITIAL_FORMS": "2",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        # The first target confirmed as read, the second corrected, a third added by hand.
        "indicators-0-name": "新认定高新技术企业",
        "indicators-0-kind": "amount",
        "indicators-0-target_value": "300",
        "indicators-0-unit": "家",
        "indicators-0-source_text": "新认定高新技术企业300家",
        "indicators-1-name": "科技型中小企业",
        "indicators-1-kind": "amount",
        "indicators-1-target_value": "650",
        "indicators-1-unit": "家",
        "indicators-1-source_text": "科技型中小企业600家",
        "indicators-2-name": "省级研发中心",
        "indicators-2-kind": "amount",
        "indicators-2-target_value": "20",
        "indicators-2-unit": "家",
        # A blank extra row, as the browser sends it, is left out.
        "indicators-3-name": "",
        "indicators-3-kind": "",
        "indicators-3-target_value": "",
        "indicators-3-unit": "",
        "indicators-3-qualifier": "",
        "indicators-3-source_text": "",
    }
    response = office.post(url, form, follow=True)
    assert "已确认3项指标。" in response.content.decode()
    assert list(
        Indicator.objects.filter(task=task).values_list("name", "target_value", "source_text")
    ) == [
        ("新认定高新技术企业", 300, "新认定高新技术企业300家"),
        ("科技型中小企业", 650, "科技型中小企业600家"),
        ("省级研发中心", 20, ""),
    ]
    # Deleting one keeps the rest; the page now shows the confirmed list.
    form |= {"indicators-INITIAL_FORMS": "3"}
    form["indicators-2-DELETE"] = "on"
    office.post(url, form)
    assert Indicator.objects.filter(task=task).count() == 2
    assert "已于" in office.get(url).content.decode()


def test_indicator_review_shows_form_errors(office, seed_period):
    task = _task(seed_period, "17")
    url = reverse("assessment:indicator_review", args=[task.pk])
    form = {
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-name": "科技型中小企业",
        "indicators-0-kind": "amount",
        "indicators-0-target_value": "很多",
    }
    response = office.post(url, form)
    assert response.status_code == 200
    assert "输入一个数字。" in response.content.decode()
    assert not Indicator.objects.filter(task=task).exists()


def test_leader_reads_but_cannot_decide(client, make_user, seed_period):
    client.force_login(make_user("leader"))
    page = client.get(reverse("assessment:review"), {"period": seed_period.pk})
    assert page.status_code == 200
    assert "确认建议" not in page.content.decode()
    task = _task(seed_period, "17")
    url = reverse("assessment:indicator_review", args=[task.pk])
    assert "确认指标" not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 403
    decide = reverse("assessment:status_decide")
    assert client.post(decide, {"period": seed_period.pk}).status_code == 403


@pytest.mark.parametrize("role", ["liaison", "head"])
def test_department_users_get_403(client, make_user, seed_period, role):
    client.force_login(make_user(role, "市发展改革委"))
    task = _task(seed_period, "1")
    for url in (
        reverse("assessment:review"),
        reverse("assessment:disagreement_list"),
        reverse("assessment:indicator_review", args=[task.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("assessment:status_decide"), {}).status_code == 403


def test_anonymous_is_sent_to_login(client, seed_period):
    task = _task(seed_period, "1")
    for url in (
        reverse("assessment:review"),
        reverse("assessment:disagreement_list"),
        reverse("assessment:indicator_review", args=[task.pk]),
        reverse("assessment:status_decide"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_review_page_queries_do_not_grow_with_tasks(
    office, seed_period, django_assert_max_num_queries
):
    url = reverse("assessment:review")
    office.get(url, {"period": seed_period.pk})  # computes and keeps the 100 suggestions
    # Session and user, period, tasks, reports and their figures, reviews, indicators, kept
    # suggestions, the plan's thresholds, decisions, baseline notes, notifications, the period
    # picker, savepoints, and which government an account naming none works for (the one of
    # this instance): a fixed number for 100 tasks.
    with django_assert_max_num_queries(20):
        office.get(url, {"period": seed_period.pk})
    StatusAssessment.objects.filter(period=seed_period).delete()
    # + the upsert of every stale suggestion: one statement on PostgreSQL; SQLite's limit of
    # 999 parameters splits 100 rows of 12 columns in two (a constant, not one per task),
    # + the baseline notes of the listed tasks (one query).
    with django_assert_max_num_queries(22):
        office.get(url, {"period": seed_period.pk})
    with django_assert_max_num_queries(20):
        office.get(reverse("assessment:disagreement_list"), {"period": seed_period.pk})


def test_the_disagreement_list_exports_to_excel_and_the_export_is_audited(office, seed_period):
    listed = office.get(reverse("assessment:disagreement_list"), {"period": seed_period.pk})
    assert "export=xlsx" in listed.content.decode()
    response = office.get(
        reverse("assessment:disagreement_list"), {"period": seed_period.pk, "export": "xlsx"}
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == DISAGREEMENT_HEADER
    assert sheet.max_row == 2 + len(listed.context["rows"])
    first = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "1")
    assert first[3] == "按时推进"
    assert first[5] == "部分滞后"
    assert "完成38.3%,序时进度50.0%,落后11.7个百分点" in first[6]
    event = AuditEvent.objects.get(verb="assessment.disagreement_export")
    assert _json(event.after)["rows"] == len(listed.context["rows"])


def test_an_undecided_row_offers_no_default_and_a_careless_save_decides_nothing(
    office, seed_period
):
    from duban.assessment.views import STATUS_NOT_CHOSEN

    task = _task(seed_period, "20")
    StatusDecision.objects.filter(task=task, period=seed_period).delete()
    page = office.get(reverse("assessment:review"), {"period": seed_period.pk}).content.decode()
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', _row(page, task), re.S)
    assert select is not None
    options = select.group(1)
    # The blank choice is the selected one; no status is preselected.
    assert options.startswith('<option value="" selected>请选择</option>')
    assert options.count(" selected") == 1
    response = office.post(
        reverse("assessment:status_decide"),
        {"period": seed_period.pk, "task": task.pk, "status": "", "reason": ""},
        follow=True,
    )
    assert STATUS_NOT_CHOSEN in response.content.decode()
    assert not StatusDecision.objects.filter(task=task, period=seed_period).exclude(status="")
