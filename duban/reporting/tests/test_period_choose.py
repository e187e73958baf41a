"""One period chooser for every page and the API: the asked-for one, else the latest with data."""

import pytest
from django.urls import reverse

from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport, StatusDecision
from duban.reporting.selectors import period_choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user("office_admin")


def test_an_opened_empty_period_is_not_the_default(seed_period, open_period, office):
    assert period_choose(user=office) == seed_period
    assert period_choose(user=office, plan=seed_period.plan) == seed_period


def test_a_written_report_makes_a_period_the_default(seed_period, open_period, office):
    ProgressReport.objects.filter(period=open_period, task__seq="1").update(progress="已开工。")
    assert period_choose(user=office) == open_period


def test_a_decided_status_makes_a_period_the_default(seed_period, open_period, office):
    task = KeyTask.objects.get(plan=seed_period.plan, seq="1")
    StatusDecision.objects.create(task=task, period=open_period, status="AHEAD")
    assert period_choose(user=office, plan=seed_period.plan) == open_period


def test_the_asked_for_period_wins_and_an_unknown_one_is_none(seed_period, open_period, office):
    assert period_choose(user=office, requested_id=open_period.pk) == open_period
    assert period_choose(user=office, requested_id=999_999) is None


@pytest.mark.parametrize(
    "url_name", ["assessment:review", "appraisal:ranking", "dashboards:cockpit"]
)
def test_pages_open_on_the_latest_period_with_data(
    client, make_user, seed_period, open_period, url_name
):
    client.force_login(make_user("office_admin"))
    assert client.get(reverse(url_name)).context["period"] == seed_period
