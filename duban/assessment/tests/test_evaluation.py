"""Scoring, and the figures the extractor must keep reaching on the labelled sets."""

import json
from pathlib import Path
from typing import Any

import pytest

from duban.assessment.batch import assess_input_row
from duban.assessment.evaluation import (
    Report,
    Scores,
    evaluate,
    format_behind,
    format_quality,
    format_report,
    score_behind,
    score_quality,
    values_match,
    without_column_targets,
)
from duban.assessment.rules import PROFILE_SETTINGS
from duban.core.status import PROFILES

FIXTURES = Path(__file__).parent / "fixtures"
SEED_LABELS = FIXTURES / "seed-labels.jsonl"
OTHER_GOVERNMENTS = FIXTURES / "other-governments.jsonl"
REPORT_QUALITY = FIXTURES / "report-quality.jsonl"
JIAXING = PROFILES["jiaxing"]


def _rows(path: Path) -> list[dict[str, Any]]:
    assert path.exists(), f"labelled file missing: {path}"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _report(path: Path) -> tuple[Report, list[dict[str, Any]], list[dict[str, Any]]]:
    rows = _rows(path)
    settings = PROFILE_SETTINGS["jiaxing"]
    predictions = [assess_input_row(row, settings, JIAXING.label_for) for row in rows]
    return evaluate(predictions, rows, JIAXING.label_for), predictions, rows


def test_seed_labels_reach_the_thresholds() -> None:
    report, _, _ = _report(SEED_LABELS)
    assert report.rows == 100
    assert report.targets.f1 >= 0.99, format_report(report)
    assert report.pairs.f1 >= 0.98, format_report(report)


def test_other_governments_reach_the_thresholds() -> None:
    report, predictions, rows = _report(OTHER_GOVERNMENTS)
    assert report.rows >= 150
    assert report.targets.f1 >= 0.92, format_report(report)
    assert report.pairs.f1 >= 0.78, format_report(report)
    # The printed statuses come in each government's vocabulary: compare by status_class.
    behind = score_behind(predictions, rows)
    assert behind.behind_rows >= 25
    assert behind.not_behind_rows >= 50
    assert behind.behind_recall >= 0.8, format_behind(behind)
    assert behind.false_alarm_rate <= 0.05, format_behind(behind)


def test_behind_scores_can_fail() -> None:
    """The status_class scoring counts misses and false alarms (the thresholds above bite)."""
    rows: list[dict[str, Any]] = [
        {"id": "a", "status_class": "behind"},
        {"id": "b", "status_class": "on_schedule"},
        {"id": "c", "status_class": "completed"},
        {"id": "d", "status_class": None},
    ]
    predictions = [
        {"id": "a", "status": "ON_TRACK"},
        {"id": "b", "status": "PARTLY_BEHIND"},
        {"id": "c", "status": "AHEAD"},
        {"id": "d", "status": "BEHIND"},
    ]
    scores = score_behind(predictions, rows)
    assert (scores.behind_rows, scores.behind_caught) == (1, 0)
    assert (scores.not_behind_rows, scores.false_alarms) == (2, 1)
    assert scores.false_alarms_by_class == {"on_schedule": 1}
    assert scores.missed_ids == ("a",)


def test_column_targets_are_not_scored() -> None:
    row = {
        "id": "r",
        "targets": [{"value": 1, "unit": "个", "column": "target"}, {"value": 2, "unit": "个"}],
        "pairs": [
            {"target": 0, "actual_value": 1, "actual_unit": "个"},
            {"target": 1, "actual_value": 2, "actual_unit": "个"},
        ],
    }
    readable = without_column_targets(row)
    assert readable["targets"] == [{"value": 2, "unit": "个"}]
    assert readable["pairs"] == [{"target": 0, "actual_value": 2, "actual_unit": "个"}]


def test_report_quality_flags_reach_the_thresholds() -> None:
    rows = _rows(REPORT_QUALITY)
    assert len(rows) >= 100
    scores = score_quality(rows)
    for flag, score in scores.items():
        assert score.true_positives + score.false_negatives >= 10, flag
        assert score.precision >= 0.8, (flag, format_quality(scores))
        assert score.recall >= 0.6, (flag, format_quality(scores))


@pytest.mark.parametrize("path", [SEED_LABELS, OTHER_GOVERNMENTS], ids=["seed", "other"])
def test_rows_that_say_they_are_behind_are_suggested_behind(path: Path) -> None:
    _, predictions, rows = _report(path)
    stated = ("低于序时进度", "未达到序时进度", "未达到序时要求", "低于目标", "滞后")
    for prediction, row in zip(predictions, rows, strict=True):
        if any(phrase in row["progress"] for phrase in stated) and "滞后的" not in row["progress"]:
            assert prediction["status"] in ("PARTLY_BEHIND", "BEHIND", "NOT_STARTED"), row["id"]


def test_scores_count_one_to_one_matches() -> None:
    gold = [
        {
            "id": "r",
            "status_published": "按时推进",
            "targets": [{"value": 160000, "unit": "人"}, {"value": 8, "unit": "%"}],
            "pairs": [{"target": 0, "actual_value": 92700, "actual_unit": "人"}],
        }
    ]
    predicted = [
        {
            "id": "r",
            "status": "ON_TRACK",
            "targets": [
                {"value": 160500, "unit": "人"},
                {"value": 8, "unit": "个"},
                {"value": 8, "unit": "%"},
            ],
            "pairs": [
                {"target": 0, "actual_value": 92700, "actual_unit": "人"},
                {"target": 1, "actual_value": 7, "actual_unit": "个"},
            ],
        }
    ]
    report = evaluate(predicted, gold, JIAXING.label_for)
    assert report.targets == Scores(2, 1, 0)
    assert report.pairs == Scores(1, 1, 0)
    assert report.confusion == {("按时推进", "按时推进"): 1}
    assert report.status_agreement == 1.0


def test_missing_prediction_misses_everything() -> None:
    gold = [
        {"id": "r", "status_published": None, "targets": [{"value": 1, "unit": "个"}], "pairs": []}
    ]
    report = evaluate([], gold, JIAXING.label_for)
    assert report.targets == Scores(0, 0, 1)
    assert report.confusion == {("(无)", "(无)"): 1}


@pytest.mark.parametrize(
    ("predicted", "gold", "matches"),
    [(100.5, 100, True), (100.6, 100, False), (0, 0, True), ("8", 8, False), (None, 8, False)],
)
def test_values_match_within_half_a_percent(predicted: Any, gold: Any, matches: bool) -> None:
    assert values_match(predicted, gold) is matches


def test_scores_of_nothing_are_perfect_not_a_division_error() -> None:
    assert (Scores(0, 0, 0).precision, Scores(0, 0, 0).recall) == (1.0, 1.0)
