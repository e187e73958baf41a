"""No single row takes a page down: a row the engine cannot judge is logged and shown as
such (暂不评估 with the reason ROW_NOT_ASSESSABLE), and every page that judges rows answers 200."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.assessment import rules
from duban.assessment.kept import ROW_NOT_ASSESSABLE
from duban.assessment.models import StatusAssessment
from duban.core.status import TaskStatus
from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport
from duban.supervision.services import slip_issue

pytestmark = pytest.mark.django_db

# The report text that once raised KeyError in the numeral parser (Chinese and Arabic mixed).
CRASHING_TEXT = "1-6月引进高层次人才增长百分之五0,完成率百分之九十九点九0。"
# Any text containing this marker makes the patched extractor raise.
MARKER = "触发读取错误"


def _pages(period, task, slip) -> list[str]:
    query = f"?period={period.pk}"
    return [
        reverse("assessment:review") + query,  # 状态研判
        reverse("assessment:disagreement_list") + query,  # 不一致清单
        reverse("supervision:proposal_list") + query,  # 督办建议
        reverse("supervision:slip_list"),
        reverse("supervision:slip_issue") + f"{query}&task={task.pk}",
        reverse("supervision:slip_detail", args=[slip.pk]),
        reverse("appraisal:ranking") + query,  # 绩效考核
        reverse("dashboards:cockpit") + query,
    ]


@pytest.fixture
def task(seed_period) -> KeyTask:
    return KeyTask.objects.get(plan=seed_period.plan, seq="20")


def _write_progress(period, task, text: str) -> None:
    ProgressReport.objects.filter(period=period, task=task).update(progress=text)


def _slip(task, period):
    office = get_user_model().objects.get(username="office")  # office_client's user
    return slip_issue(
        task=task, period=period, level="blue", requirements="加快推进。", actor=office
    )


def test_every_page_answers_with_the_text_that_crashed_the_parser(
    office_client, seed_period, open_period, task
):
    for period in (seed_period, open_period):
        _write_progress(period, task, CRASHING_TEXT)
    slip = _slip(task, seed_period)
    for period in (seed_period, open_period):
        for url in _pages(period, task, slip):
            assert office_client.get(url).status_code == 200, url


def test_a_row_that_raises_is_shown_as_not_assessable_and_logged(
    office_client, seed_period, open_period, task, monkeypatch, caplog
):
    real_extract = rules.extract

    def extract_that_fails_on_one_row(task_text, progress_text, *args, **kwargs):
        if MARKER in progress_text:
            raise KeyError("0")
        return real_extract(task_text, progress_text, *args, **kwargs)

    monkeypatch.setattr(rules, "extract", extract_that_fails_on_one_row)
    for period in (seed_period, open_period):
        _write_progress(period, task, f"{CRASHING_TEXT}{MARKER}")
    slip = _slip(task, seed_period)
    with caplog.at_level(logging.ERROR, logger="duban.assessment"):
        for period in (seed_period, open_period):
            for url in _pages(period, task, slip):
                assert office_client.get(url).status_code == 200, url
    assert any(f"task {task.pk}" in record.getMessage() for record in caplog.records)

    failed = StatusAssessment.objects.get(task=task, period=seed_period)
    assert failed.status == TaskStatus.NOT_ASSESSABLE
    assert failed.reasons == [ROW_NOT_ASSESSABLE]
    page = office_client.get(reverse("assessment:review"), {"period": seed_period.pk})
    assert ROW_NOT_ASSESSABLE in page.content.decode()
    # The other rows were judged as usual.
    others = StatusAssessment.objects.filter(period=seed_period).exclude(task=task)
    assert others.exclude(status=TaskStatus.NOT_ASSESSABLE).count() >= 30


def test_the_indicator_page_stays_up_when_the_reader_fails(
    office_client, seed_period, task, monkeypatch
):
    from duban.assessment import selectors, suggestion

    def failing(*args, **kwargs):
        raise KeyError("0")

    monkeypatch.setattr(suggestion, "read_text", failing)
    monkeypatch.setattr(selectors, "extract", failing)
    response = office_client.get(reverse("assessment:indicator_review", args=[task.pk]))
    assert response.status_code == 200
    assert task.text[:20] in response.content.decode()
