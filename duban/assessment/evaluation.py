"""Scoring the extractor and the status engine against a labelled file.

The format is `assessment/tests/fixtures/LABELS.md`.

Pure functions over the JSON records of `assess_rows` output and of the labelled file:
- targets: a predicted target matches a gold one when the value is within 0.5% and the unit
  is equal (one-to-one within a row);
- pairs: a predicted pair matches a gold pair when both its target (value + unit) and its
  actual (value + unit) match;
- statuses: the confusion of the suggested status (as the profile prints it) against the
  status printed in the table (`status_published`).
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VALUE_TOLERANCE = 0.005
NO_LABEL = "(无)"


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one matching."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rounded ratios, for printing and JSON."""
        return {
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Report:
    """All figures of one evaluation."""

    rows: int
    targets: Scores
    pairs: Scores
    confusion: dict[tuple[str, str], int]
    status_agreement: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (confusion as a list of {published, suggested, count})."""
        return {
            "rows": self.rows,
            "targets": self.targets.as_dict(),
            "pairs": self.pairs.as_dict(),
            "status_agreement": round(self.status_agreement, 4),
            "confusion": [
                {"published": published, "suggested": suggested, "count": count}
                for (published, suggested), count in sorted(self.confusion.items())
            ],
        }


def values_match(predicted: Any, gold: Any) -> bool:
    """Whether a predicted number is within 0.5% of the gold one."""
    if not isinstance(predicted, int | float) or not isinstance(gold, int | float):
        return False
    if gold == 0:
        return abs(predicted) <= 1e-9
    return abs(predicted - gold) <= VALUE_TOLERANCE * abs(gold)


def _target_matches(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    return predicted.get("unit") == gold.get("unit") and values_match(
        predicted.get("value"), gold.get("value")
    )


def _count_matches(
    predicted: Sequence[Any], gold: Sequence[Any], matches: Callable[[Any, Any], bool]
) -> Scores:
    """One-to-one greedy matching in order."""
    unmatched = list(range(len(gold)))
    true_positives = 0
    for item in predicted:
        for position, gold_index in enumerate(unmatched):
            if matches(item, gold[gold_index]):
                true_positives += 1
                del unmatched[position]
                break
    return Scores(true_positives, len(predicted) - true_positives, len(unmatched))


def _pair_view(record: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    targets = record.get("targets") or []
    view: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for pair in record.get("pairs") or []:
        index = pair.get("target")
        if isinstance(index, int) and 0 <= index < len(targets):
            actual = {"value": pair.get("actual_value"), "unit": pair.get("actual_unit")}
            view.append((targets[index], actual))
    return view


def _pair_matches(
    predicted: tuple[Mapping[str, Any], Mapping[str, Any]],
    gold: tuple[Mapping[str, Any], Mapping[str, Any]],
) -> bool:
    return _target_matches(predicted[0], gold[0]) and _target_matches(predicted[1], gold[1])


def _add(total: Scores, part: Scores) -> Scores:
    return Scores(
        total.true_positives + part.true_positives,
        total.false_positives + part.false_positives,
        total.false_negatives + part.false_negatives,
    )


def evaluate(
    predictions: Iterable[Mapping[str, Any]],
    gold_rows: Iterable[Mapping[str, Any]],
    label_for: Callable[[str], str],
) -> Report:
    """Score predicted records against gold rows, matched by `id`. A gold row without a
    prediction counts all its targets and pairs as missed."""
    predicted_by_id = {record.get("id"): record for record in predictions}
    target_scores = Scores(0, 0, 0)
    pair_scores = Scores(0, 0, 0)
    confusion: Counter[tuple[str, str]] = Counter()
    rows = 0
    for gold in gold_rows:
        rows += 1
        predicted = predicted_by_id.get(gold.get("id"), {})
        target_scores = _add(
            target_scores,
            _count_matches(
                predicted.get("targets") or [], gold.get("targets") or [], _target_matches
            ),
        )
        pair_scores = _add(
            pair_scores, _count_matches(_pair_view(predicted), _pair_view(gold), _pair_matches)
        )
        published = gold.get("status_published") or NO_LABEL
        suggested = label_for(str(predicted.get("status") or "")) or NO_LABEL
        confusion[(published, suggested)] += 1
    agreeing = sum(
        count for (published, suggested), count in confusion.items() if published == suggested
    )
    return Report(
        rows=rows,
        targets=target_scores,
        pairs=pair_scores,
        confusion=dict(confusion),
        status_agreement=agreeing / rows if rows else 0.0,
    )


def format_report(report: Report, title: str = "") -> str:
    """The figures as a short Chinese/English text block."""
    lines = [title] if title else []
    lines.append(f"rows: {report.rows}")
    for name, scores in (("targets", report.targets), ("pairs", report.pairs)):
        lines.append(
            f"{name}: P={scores.precision:.3f} R={scores.recall:.3f} F1={scores.f1:.3f} "
            f"(tp={scores.true_positives} fp={scores.false_positives} "
            f"fn={scores.false_negatives})"
        )
    lines.append(f"status agreement: {report.status_agreement:.3f}")
    published_labels = sorted({published for published, _ in report.confusion})
    suggested_labels = sorted({suggested for _, suggested in report.confusion})
    lines.append("confusion (rows: published, columns: suggested):")
    lines.append("\t".join(["", *suggested_labels]))
    for published in published_labels:
        counts = [
            str(report.confusion.get((published, suggested), 0)) for suggested in suggested_labels
        ]
        lines.append("\t".join([published, *counts]))
    return "\n".join(lines)
