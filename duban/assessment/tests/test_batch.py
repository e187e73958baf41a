"""The JSONL batch: unreadable rows become NOT_ASSESSABLE with a reason; the record's shape."""

import pytest

from duban.assessment.batch import assess_input_line, assess_input_row
from duban.assessment.rules import AssessmentSettings

DEFAULTS = AssessmentSettings()


def _label(status: str) -> str:
    return {"ON_TRACK": "按时推进"}.get(status, "")


@pytest.mark.parametrize(
    ("row", "reason_part"),
    [
        ("not an object", "不是JSON对象"),
        ({"id": "a", "task": "x"}, "progress、as_of"),
        ({"id": "a", "task": "x", "progress": 3, "as_of": "2021-06-30"}, "progress"),
        ({"id": "a", "task": "x", "progress": "y", "as_of": "2021/06/30"}, "2021/06/30"),
        ({"id": "a", "task": "x", "progress": "y", "as_of": "2021-13-01"}, "2021-13-01"),
    ],
)
def test_assess_input_row_turns_unreadable_rows_into_not_assessable(
    row: object, reason_part: str
) -> None:
    record = assess_input_row(row, DEFAULTS, _label)
    assert record["status"] == "NOT_ASSESSABLE"
    assert reason_part in record["reasons"][0]
    assert record["targets"] == record["pairs"] == []


def test_assess_input_line_reads_bad_json() -> None:
    record = assess_input_line("{not json", DEFAULTS, _label)
    assert (record["id"], record["status"]) == (None, "NOT_ASSESSABLE")


def test_assess_input_row_record_shape() -> None:
    record = assess_input_row(
        {
            "id": 7,
            "task": "新增城镇就业16万人。",
            "progress": "1-6月城镇新增就业7万人。",
            "as_of": "2021-06-30",
            "self_assessed": "按时推进",
        },
        DEFAULTS,
        _label,
    )
    assert record["id"] == 7
    assert record["targets"] == [
        {
            "text": "新增城镇就业16万人",
            "value": 160000,
            "unit": "人",
            "kind": "amount",
            "qualifier": None,
        }
    ]
    assert record["pairs"][0]["months"] == [1, 6]
    assert record["pairs"][0]["completion"] == 43.8
    assert record["status"] == "PARTLY_BEHIND"
    assert record["label"] == ""
