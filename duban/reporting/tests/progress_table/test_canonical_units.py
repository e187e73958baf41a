"""Exports and the API give a task's units by their names in the organization tree, with the
printed cell kept as its own field."""

import pytest
from rest_framework.test import APIClient

from duban.exports.table import PrintedRow
from duban.reporting.models import ProgressReport


def _row(printed_cell, printed, canonical):
    return PrintedRow("1", "任务", "", printed_cell, printed, "", "", unit_names=canonical)


@pytest.mark.parametrize(
    ("row", "lead", "co"),
    [
        # 交通运输局 and 市交通运输局 are one unit.
        (_row("交通运输局", ["交通运输局"], ("市交通运输局",)), ["市交通运输局"], []),
        (
            _row("市教育局", ["市教育局", "财政局"], ("市教育局", "市财政局")),
            ["市教育局"],
            ["市财政局"],
        ),
        (_row("市教育局、\n市财政局", ["市教育局", "市财政局"], ()), ["市教育局", "市财政局"], []),
        (_row("", [], ()), [], []),
    ],
)
def test_lead_and_co_units_by_canonical_name(row, lead, co):
    assert (row.lead_units, row.co_units) == (lead, co)
    data = row.as_dict()
    assert (data["lead"], data["co"], data["departments_printed"]) == (
        lead,
        co,
        row.departments_text,
    )


@pytest.mark.django_db
def test_the_api_gives_the_task_units(open_period, make_user):
    client = APIClient()
    client.force_authenticate(make_user("reviewer"))
    report = ProgressReport.objects.filter(period=open_period, task__seq="8").get()
    data = client.get(f"/api/v1/reports/{report.pk}/").json()
    units = list(report.task.responsibilities.order_by("position"))
    assert data["lead"][0] == units[0].department.name
    assert data["departments_printed"] == report.task.responsible_text
    assert isinstance(data["co"], list)
