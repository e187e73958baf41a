"""The JSONL batch of `manage.py assess_rows` and `eval_extractor`: one input line (or decoded
row) in, one output record out, through the status engine (`rules.assess_row`).

The record format (targets and pairs as LABELS.md writes them, the canonical status, the
profile's printed label and the reasons) lives here, so the engine itself stays free of file
formats. Pure: no Django.
"""

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .rules import (
    DEFAULT_STATUS_NAMES,
    Assessment,
    AssessmentSettings,
    Milestone,
    Status,
    assess_row,
)

_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def assessment_record(
    row_id: Any, assessment: Assessment, label_for: Callable[[str], str]
) -> dict[str, Any]:
    """The output record of one row: targets and pairs as LABELS.md writes them, the canonical
    status, the profile's printed label and the reasons."""
    return {
        "id": row_id,
        "targets": [
            {
                "text": target.text,
                "value": _plain_number(target.value),
                "unit": target.unit,
                "kind": target.kind,
                "qualifier": target.qualifier,
            }
            for target in assessment.targets
        ],
        "pairs": [
            {
                "target": pair.target_index,
                "actual_text": pair.actual.text,
                "actual_value": _plain_number(pair.actual.value),
                "actual_unit": pair.actual.unit,
                "actual_kind": pair.actual.kind,
                "months": list(pair.months) if pair.months else None,
                "completion": pair.completion,
                "time_share": pair.time_share,
                "gap_pp": pair.gap_pp,
            }
            for pair in assessment.pairs
        ],
        "status": str(assessment.status),
        "label": label_for(str(assessment.status)),
        "reasons": assessment.reasons,
    }


def _plain_number(value: float) -> float | int:
    return int(value) if value == int(value) and abs(value) < 2**53 else round(value, 6)


def unreadable_record(row_id: Any, reason: str, label_for: Callable[[str], str]) -> dict[str, Any]:
    """The record of a row that could not be read: NOT_ASSESSABLE with the reason."""
    return {
        "id": row_id,
        "targets": [],
        "pairs": [],
        "status": str(Status.NOT_ASSESSABLE),
        "label": label_for(str(Status.NOT_ASSESSABLE)),
        "reasons": [reason],
    }


def _read_milestones(raw: Any) -> list[Milestone]:
    if not isinstance(raw, list):
        return []
    return [
        Milestone(item["due_month"], bool(item.get("done")), str(item.get("title", "")))
        for item in raw
        if isinstance(item, dict) and isinstance(item.get("due_month"), int)
    ]


def _read_status(raw: Any, settings: AssessmentSettings) -> Status | None:
    if not isinstance(raw, str) or not raw:
        return None
    if raw in Status.__members__:
        return Status(raw)
    for status in Status:
        if raw in (settings.name(status), DEFAULT_STATUS_NAMES[status]):
            return status
    return None


def assess_input_row(
    row: Any, settings: AssessmentSettings, label_for: Callable[[str], str]
) -> dict[str, Any]:
    """Assess one decoded input row ({task, progress, as_of, id?, milestones?,
    self_assessed?}). Never raises: what cannot be read becomes NOT_ASSESSABLE with a reason."""
    if not isinstance(row, dict):
        return unreadable_record(None, "输入行不是JSON对象,无法评估", label_for)
    row_id = row.get("id")
    missing = [name for name in ("task", "progress", "as_of") if not isinstance(row.get(name), str)]
    if missing:
        return unreadable_record(row_id, f"缺少字段或字段不是文本:{'、'.join(missing)}", label_for)
    raw_date = row["as_of"].strip()
    try:
        if not _ISO_DATE_RE.fullmatch(raw_date):
            raise ValueError(raw_date)
        as_of = date.fromisoformat(raw_date)
    except ValueError:
        return unreadable_record(
            row_id, f"截止日期“{row['as_of']}”不是YYYY-MM-DD格式的日期", label_for
        )
    try:
        assessment = assess_row(
            row["task"],
            row["progress"],
            as_of,
            settings,
            milestones=_read_milestones(row.get("milestones")),
            self_assessed=_read_status(row.get("self_assessed"), settings),
        )
    except Exception as error:  # a reading bug must cost one row, not the batch
        return unreadable_record(row_id, f"评估出错:{type(error).__name__}", label_for)
    return assessment_record(row_id, assessment, label_for)


def assess_input_line(
    line: str, settings: AssessmentSettings, label_for: Callable[[str], str]
) -> dict[str, Any]:
    """Assess one JSONL input line (bad JSON becomes NOT_ASSESSABLE with a reason)."""
    try:
        row = json.loads(line)
    except (ValueError, RecursionError):
        return unreadable_record(None, "输入行不是有效的JSON,无法评估", label_for)
    return assess_input_row(row, settings, label_for)
