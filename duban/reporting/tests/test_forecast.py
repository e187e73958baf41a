"""预计全年: saved with the report, frozen with each submission, in the API, and shown — and
flagged when at risk even on schedule — in the status review, the cockpit and the bulletin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus
from duban.reporting.choices import YearForecast
from duban.reporting.models import ProgressReport
from duban.reporting.services.decisions import status_decision_set
from duban.reporting.services.reports import (
    BAD_FORECAST,
    FORECAST_FIGURE_WITHOUT_FORECAST,
    ReportContent,
    report_act,
    report_save,
)
from duban.supervision.documents import FORECAST_AT_RISK_INTRO
from duban.supervision.selectors import bulletin_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, open_period):
    return {
        "liaison": make_user("liaison", "市发展改革委"),
        "head": make_user("head", "市发展改革委"),
        "reviewer": make_user("reviewer"),
        "leader": make_user("leader"),
    }


@pytest.fixture
def report(open_period):
    return ProgressReport.objects.get(period=open_period, task__seq="6")


def save(report, actor, **forecast):
    return report_save(
        report=report,
        content=ReportContent(progress="1.签约项目。", **forecast),
        expected_version=report.version,
        actor=actor,
    )


def test_forecast_saved_and_frozen_in_the_submitted_version(report, people):
    report = save(
        report,
        people["liaison"],
        forecast=YearForecast.DIFFICULT,
        forecast_figure=Decimal("260"),
        forecast_unit="亿元",
    )
    report = report_act(report=report, action="submit", actor=people["liaison"])
    version = report.versions.get()
    assert (version.forecast, version.forecast_figure, version.forecast_unit) == (
        "difficult",
        Decimal("260"),
        "亿元",
    )
    # A later change leaves the frozen version as it was.
    report = report_act(report=report, action="return", actor=people["head"], reason="补充")
    save(report, people["liaison"], forecast=YearForecast.CAN)
    version.refresh_from_db()
    assert version.forecast == "difficult"


def test_bad_forecasts_are_refused(report, people):
    with pytest.raises(DomainError, match=BAD_FORECAST.format(value="maybe")):
        save(report, people["liaison"], forecast="maybe")
    with pytest.raises(DomainError, match=FORECAST_FIGURE_WITHOUT_FORECAST):
        save(report, people["liaison"], forecast_figure=Decimal("1"))


def test_report_form_takes_the_forecast(client, report, people):
    client.force_login(people["liaison"])
    url = reverse("reporting:report_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert "预计全年" in page
    response = client.post(
        url,
        {
            "action": "save",
            "version": report.version,
            "progress": "1.签约。",
            "forecast": "cannot",
            "forecast_figure": "200",
            "forecast_unit": "亿元",
            "fig-TOTAL_FORMS": "0",
            "fig-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.forecast, report.forecast_figure) == ("cannot", Decimal("200"))


def test_api_reads_and_patches_the_forecast(report, people):
    client = APIClient()
    client.force_authenticate(people["liaison"])
    url = reverse("api:report_detail", args=[report.pk])
    response = client.patch(
        url, {"version": report.version, "forecast": "difficult", "forecast_figure": "5"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["forecast"] == "difficult"
    assert Decimal(data["forecast_figure"]) == 5
    assert data["forecast_at_risk"] is True
    # A PATCH without the forecast keeps it.
    response = client.patch(url, {"version": data["version"], "progress": "1.又签约。"})
    assert response.json()["forecast"] == "difficult"
    schema = client.get(reverse("api:schema")).content.decode()
    assert "forecast_at_risk" in schema


def test_at_risk_forecast_is_flagged_on_schedule_everywhere(client, report, people, open_period):
    """On schedule today (按时推进) yet forecast 不能完成: every view flags it."""
    save(report, people["liaison"], forecast=YearForecast.CANNOT)
    status_decision_set(
        task=report.task, period=open_period, status=TaskStatus.ON_TRACK, actor=SYSTEM
    )
    client.force_login(people["leader"])
    review = client.get(reverse("assessment:review"), {"period": open_period.pk})
    assert "预计全年不能完成 ⚠" in review.content.decode()
    cockpit = client.get(reverse("dashboards:cockpit"), {"period": open_period.pk}).content
    assert "预计全年难以完成" in cockpit.decode()
    assert f"/ledger/tasks/{report.task_id}/" in cockpit.decode().split("t-forecast")[1]
    api = APIClient()
    api.force_authenticate(people["leader"])
    dashboard = api.get(reverse("api:dashboard"), {"period": open_period.pk}).json()
    assert [(t["seq"], t["forecast"]) for t in dashboard["forecast_at_risk"]] == [
        (report.task.seq, "cannot")
    ]
    assert dashboard["forecast_at_risk"][0]["status"] == TaskStatus.ON_TRACK
    data = bulletin_data(period=open_period, today=datetime.date(2021, 10, 1))
    assert [t.seq for t in data.forecast_at_risk] == [report.task.seq]
    assert data.forecast_at_risk[0].forecast == "预计全年不能完成"
    assert FORECAST_AT_RISK_INTRO.startswith("以下工作")
