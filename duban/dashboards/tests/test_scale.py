"""The scale generator, and the cockpit's query budget: constant in the number of tasks."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.assessment.models import StatusAssessment
from duban.core.exceptions import DomainError
from duban.demo.scale import demo_scale_generate
from duban.ledger.models import KeyTask, TaskResponsibility
from duban.orgs.models import Department
from duban.reporting.models import ProgressReport, ReportingPeriod, StatusDecision

pytestmark = pytest.mark.django_db


def test_generator_builds_a_realistic_plan():
    summary = demo_scale_generate(tasks=60, periods=4)

    assert (summary.tasks, summary.periods) == (60, 4)
    tasks = KeyTask.objects.filter(plan_id=summary.plan_id)
    assert tasks.count() == 60
    periods = ReportingPeriod.objects.filter(plan_id=summary.plan_id).order_by("as_of")
    assert [p.label for p in periods] == ["1-3月", "1-6月", "1-9月", "1-12月"]
    # Every task has exactly one lead unit, and its report comes from that lead.
    leads = TaskResponsibility.objects.filter(task__plan_id=summary.plan_id, position=0)
    assert leads.count() == 60
    lead_of = dict(leads.values_list("task_id", "department_id"))
    reports = ProgressReport.objects.filter(period__plan_id=summary.plan_id)
    assert reports.count() == 240
    assert all(lead_of[r.task_id] == r.department_id for r in reports)
    assert StatusDecision.objects.filter(period__plan_id=summary.plan_id).count() == 240
    assert StatusAssessment.objects.filter(period__plan_id=summary.plan_id).count() == 240
    # A realistic mix: mostly on track, some behind, some judged figures.
    mix = Counter(
        StatusDecision.objects.filter(period__plan_id=summary.plan_id).values_list(
            "status", flat=True
        )
    )
    assert mix["ON_TRACK"] > 240 / 2
    assert mix["PARTLY_BEHIND"] + mix["BEHIND"] + mix["NOT_STARTED"] > 0
    assert StatusAssessment.objects.filter(period__plan_id=summary.plan_id).exclude(pairs=[])
    groups = Department.objects.get(name="各县(市、区)政府").members.count()
    assert groups == 10


def test_generator_is_repeatable_and_refuses_an_existing_plan():
    first = demo_scale_generate(tasks=15, periods=2)
    texts = list(KeyTask.objects.filter(plan_id=first.plan_id).values_list("text", flat=True))
    with pytest.raises(DomainError, match="已存在"):
        demo_scale_generate(tasks=15, periods=2)
    again = demo_scale_generate(tasks=15, periods=2, replace=True)
    assert again.plan_id != first.plan_id
    assert list(KeyTask.objects.filter(plan_id=again.plan_id).values_list("text", flat=True)) == (
        texts
    )


def test_command_prints_a_summary_and_rejects_bad_sizes(capsys):
    call_command("generate_demo_scale", "--tasks", "12", "--periods", "3", "--year", "2031")
    assert "任务 12 项" in capsys.readouterr().out
    with pytest.raises(CommandError, match="期次数应为 1 至 12"):
        call_command("generate_demo_scale", "--tasks", "12", "--periods", "13")


def _queries(client: Client, url: str) -> int:
    cache.clear()  # the worst case: every figure recomputed
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "name", ["dashboards:cockpit", "api:dashboard", "dashboards:task_list", "dashboards:changes"]
)
def test_cockpit_queries_do_not_grow_with_the_number_of_tasks(
    make_user, django_assert_num_queries, name
):
    small = demo_scale_generate(tasks=20, periods=3, year=2030)
    large = demo_scale_generate(tasks=200, periods=3, year=2031)
    client = Client()
    client.force_login(make_user("leader"))

    def url(plan_id: int) -> str:
        period = ReportingPeriod.objects.filter(plan_id=plan_id).order_by("-as_of").first()
        assert period is not None
        return f"{reverse(name)}?period={period.pk}"

    small_url, large_url = url(small.plan_id), url(large.plan_id)
    client.get(small_url)  # the session's first write is not part of the budget
    budget = _queries(client, small_url)
    cache.clear()
    with django_assert_num_queries(budget):
        client.get(large_url)
    if name in {"dashboards:cockpit", "api:dashboard"}:
        # Cached: only the fingerprint's queries remain.
        with CaptureQueriesContext(connection) as warm:
            client.get(large_url)
        assert len(warm) < budget
