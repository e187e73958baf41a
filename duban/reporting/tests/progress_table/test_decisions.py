"""The office's decisions: one type on every route, and the names that still need one."""

import pytest

from duban.core.audit import SYSTEM
from duban.core.status import get_profile
from duban.imports.readers import read_table
from duban.orgs.selectors import DepartmentDirectory
from duban.orgs.services import department_create, government_get_or_create
from duban.reporting.progress_table.columns import table_hints
from duban.reporting.progress_table.decisions import (
    DepartmentDecision,
    decision_from_choice,
    decisions_from_json,
    decisions_to_json,
)
from duban.reporting.progress_table.preview import names_needing_decision, preview_table

TABLE = "序号,工作任务,进展情况,牵头部门\n1,任务。,进展。,市商务局、市新设局\n"


@pytest.mark.parametrize(
    ("decision", "stored"),
    [
        (DepartmentDecision(action="create"), {"action": "create"}),
        (DepartmentDecision(action="map", department_id=7), {"action": "map", "department_id": 7}),
    ],
)
def test_a_decision_round_trips_through_json(decision, stored):
    assert decision.to_json() == stored
    assert DepartmentDecision.from_json(stored) == decision
    assert decisions_from_json(decisions_to_json({"名": decision})) == {"名": decision}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("create", DepartmentDecision(action="create")),
        ("12", DepartmentDecision(action="map", department_id=12)),
        ("", None),
        ("x", None),
    ],
)
def test_a_form_choice_becomes_a_decision(choice, expected):
    assert decision_from_choice(choice) == expected


def _preview(directory):
    table = read_table("t.csv", TABLE.encode(), table_hints(directory))
    return preview_table(table, profile=get_profile("jiaxing"), directory=directory)


def test_no_name_needs_a_decision_when_the_import_founds_the_tree():
    empty = DepartmentDirectory(government=None)
    preview = _preview(empty)
    assert preview.new_departments == ["市商务局", "市新设局"]
    assert names_needing_decision(preview, empty) == []


@pytest.mark.django_db
def test_unknown_names_need_a_decision_until_decided():
    government = government_get_or_create(name="嘉兴市", actor=SYSTEM)
    department_create(government=government, name="市商务局", actor=SYSTEM)
    directory = DepartmentDirectory.for_government(government)
    preview = _preview(directory)
    assert names_needing_decision(preview, directory) == ["市新设局"]
    decided = {"市新设局": DepartmentDecision(action="create")}
    assert names_needing_decision(preview, directory, decided) == []
