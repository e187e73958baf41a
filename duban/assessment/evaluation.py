"""Scoring the extractor and the status engine against a labelled file.

The format is `assessment/tests/fixtures/LABELS.md`.

Pure functions over the JSON records of `assess_rows` output and of the labelled file:
- targets: a predicted target matches a gold one when the value is within 0.5% and the unit
  is equal (one-to-one within a row);
- pairs: a predicted pair matches a gold pair when both its target (value + unit) and its
  actual (value + unit) match;
- statuses: the confusion of the suggested status (as the profile prints it) against the
  status printed in the table (`status_published`), and each disagreement with its reasons;
- other governments: behind rows caught and false alarms by the printed `status_class`, with
  targets printed in a separate column dropped (`without_column_targets`);
- the report-quality check: precision and recall of each flag.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from duban.assessment import quality

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
    prediction counts all its targets and pairs as missed; targets printed in a separate
    column are not scored (`without_column_targets`)."""
    predicted_by_id = {record.get("id"): record for record in predictions}
    target_scores = Scores(0, 0, 0)
    pair_scores = Scores(0, 0, 0)
    confusion: Counter[tuple[str, str]] = Counter()
    rows = 0
    for labelled in gold_rows:
        rows += 1
        gold = without_column_targets(labelled)
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


# --- Other governments: targets from a separate column, printed status classes --------------

# `status_class` (fixtures/README.md) puts each government's printed vocabulary on one scale.
BEHIND_CLASS = "behind"
NOT_BEHIND_CLASSES = ("on_schedule", "completed", "ahead")
BEHIND_STATUSES = frozenset(("PARTLY_BEHIND", "BEHIND", "NOT_STARTED"))


def without_column_targets(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row as the engine can read it: targets printed in a separate table column
    (`"column": "target"`) are dropped, with the pairs that report them (pair indexes are
    renumbered), since the engine reads targets from the task text only."""
    targets = row.get("targets") or []
    kept = [index for index, target in enumerate(targets) if target.get("column") != "target"]
    renumber = {old: new for new, old in enumerate(kept)}
    pairs = [
        {**pair, "target": renumber[pair["target"]]}
        for pair in row.get("pairs") or []
        if pair.get("target") in renumber
    ]
    return {**row, "targets": [targets[index] for index in kept], "pairs": pairs}


@dataclass(frozen=True)
class BehindScores:
    """How the suggestions meet the printed status classes: behind rows caught, and rows
    printed on schedule (or better) that were suggested behind — false alarms."""

    behind_rows: int
    behind_caught: int
    not_behind_rows: int
    false_alarms: int
    false_alarms_by_class: dict[str, int]
    caught_ids: tuple[str, ...] = ()
    missed_ids: tuple[str, ...] = ()
    false_alarm_ids: tuple[str, ...] = ()

    @property
    def behind_recall(self) -> float:
        return self.behind_caught / self.behind_rows if self.behind_rows else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.not_behind_rows if self.not_behind_rows else 0.0


def score_behind(
    predictions: Iterable[Mapping[str, Any]], gold_rows: Iterable[Mapping[str, Any]]
) -> BehindScores:
    """Behind caught and false alarms by `status_class` (rows without one are skipped)."""
    predicted_by_id = {record.get("id"): record for record in predictions}
    caught: list[str] = []
    missed: list[str] = []
    alarms: list[str] = []
    by_class: Counter[str] = Counter()
    not_behind = 0
    for gold in gold_rows:
        status_class = gold.get("status_class")
        suggested = str(predicted_by_id.get(gold.get("id"), {}).get("status") or "")
        row_id = str(gold.get("id"))
        if status_class == BEHIND_CLASS:
            (caught if suggested in BEHIND_STATUSES else missed).append(row_id)
        elif status_class in NOT_BEHIND_CLASSES:
            not_behind += 1
            if suggested in BEHIND_STATUSES:
                alarms.append(row_id)
                by_class[str(status_class)] += 1
    return BehindScores(
        behind_rows=len(caught) + len(missed),
        behind_caught=len(caught),
        not_behind_rows=not_behind,
        false_alarms=len(alarms),
        false_alarms_by_class=dict(by_class),
        caught_ids=tuple(caught),
        missed_ids=tuple(missed),
        false_alarm_ids=tuple(alarms),
    )


def format_behind(scores: BehindScores) -> str:
    """Behind caught and false alarms as text lines."""
    classes = ", ".join(
        f"{name} {count}" for name, count in sorted(scores.false_alarms_by_class.items())
    )
    return "\n".join(
        [
            f"behind caught: {scores.behind_caught}/{scores.behind_rows} "
            f"({scores.behind_recall:.3f}); missed: {', '.join(scores.missed_ids) or '-'}",
            f"false alarms (printed on schedule or better, suggested behind): "
            f"{scores.false_alarms}/{scores.not_behind_rows} ({scores.false_alarm_rate:.3f})"
            + (f" [{classes}]: {', '.join(scores.false_alarm_ids)}" if classes else ""),
        ]
    )


def disagreements(
    predictions: Iterable[Mapping[str, Any]], gold_rows: Iterable[Mapping[str, Any]]
) -> list[tuple[str, str, str, list[str]]]:
    """(id, printed, suggested, reasons) of each row whose suggestion — when there is one —
    differs from the printed status."""
    predicted_by_id = {record.get("id"): record for record in predictions}
    listed: list[tuple[str, str, str, list[str]]] = []
    for gold in gold_rows:
        record = predicted_by_id.get(gold.get("id"), {})
        suggested = str(record.get("label") or "")
        printed = str(gold.get("status_published") or NO_LABEL)
        if suggested and suggested != printed:
            listed.append(
                (str(gold.get("id")), printed, suggested, list(record.get("reasons") or []))
            )
    return listed


def format_disagreements(listed: Sequence[tuple[str, str, str, list[str]]]) -> str:
    """One line per disagreement: id, printed → suggested, and the engine's reasons."""
    lines = [f"disagreements with the printed status: {len(listed)}"]
    lines.extend(
        f"  {row_id}: printed {printed}, suggested {suggested} — {' / '.join(reasons)}"
        for row_id, printed, suggested, reasons in listed
    )
    return "\n".join(lines)


# --- The report-quality check -----------------------------------------------------------------

# Rows whose source prints no date (fixtures/README.md) are checked as at a year end.
QUALITY_FALLBACK_AS_OF = date(2024, 12, 31)


def score_quality(rows: Iterable[Mapping[str, Any]]) -> dict[str, Scores]:
    """Precision and recall of each report-quality flag against the labelled `flags`."""
    counts = {flag: [0, 0, 0] for flag in quality.FLAGS}
    for row in rows:
        raw_date = row.get("as_of")
        as_of = date.fromisoformat(raw_date) if raw_date else QUALITY_FALLBACK_AS_OF
        found = {
            flag.code
            for flag in quality.check_report(
                str(row.get("task") or ""),
                str(row.get("progress") or ""),
                as_of,
                previous=row.get("previous"),
                self_status=row.get("self_status"),
            )
        }
        gold = set(row.get("flags") or [])
        for flag, tally in counts.items():
            if flag in found and flag in gold:
                tally[0] += 1
            elif flag in found:
                tally[1] += 1
            elif flag in gold:
                tally[2] += 1
    return {flag: Scores(*tally) for flag, tally in counts.items()}


def format_quality(scores: Mapping[str, Scores]) -> str:
    """One line per flag: precision, recall and counts."""
    lines = ["report-quality flags:"]
    for flag, score in scores.items():
        lines.append(
            f"  {flag} ({quality.FLAG_NAMES[flag]}): P={score.precision:.3f} "
            f"R={score.recall:.3f} (tp={score.true_positives} fp={score.false_positives} "
            f"fn={score.false_negatives})"
        )
    return "\n".join(lines)
