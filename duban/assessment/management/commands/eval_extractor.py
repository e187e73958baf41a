"""Score extractor and engine on a labelled file (assessment/tests/fixtures/LABELS.md)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.batch import assess_input_row
from duban.assessment.evaluation import (
    disagreements,
    evaluate,
    format_behind,
    format_disagreements,
    format_quality,
    format_report,
    score_behind,
    score_quality,
    without_column_targets,
)
from duban.assessment.rules import PROFILE_SETTINGS
from duban.core.status import PROFILES


def _read_rows(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"无法读取标注文件:{error}") from error
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except ValueError as error:
            raise CommandError(f"标注文件{path}第{number}行不是有效的JSON:{error}") from error
    return rows


class Command(BaseCommand):
    # A file-to-file batch over pure code: no database, URLs or models to check first.
    requires_system_checks: list[str] = []
    help = (
        "Run the extractor on a labelled file's rows and print target and pair "
        "precision/recall/F1, the status confusion against the published status and each "
        "disagreement; optionally the other governments' set (behind caught, false alarms) "
        "and the report-quality set (precision/recall per flag)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--labels", required=True, type=Path, help="labelled JSONL file")
        parser.add_argument(
            "--profile", default="jiaxing", choices=sorted(PROFILES), help="status profile"
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--other", type=Path, help="other governments' labelled rows (with status_class)"
        )
        parser.add_argument("--quality", type=Path, help="labelled report-quality rows")

    def handle(self, *args: Any, **options: Any) -> None:
        profile = PROFILES[options["profile"]]
        settings = PROFILE_SETTINGS.get(profile.code, PROFILE_SETTINGS["jiaxing"])
        gold_rows = _read_rows(options["labels"])
        predictions = [assess_input_row(row, settings, profile.label_for) for row in gold_rows]
        report = evaluate(predictions, gold_rows, profile.label_for)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_report(report, f"{options['labels']} ({profile.code})"))
        self.stdout.write(format_disagreements(disagreements(predictions, gold_rows)))
        if options["other"]:
            rows = _read_rows(options["other"])
            dropped = sum(len(row.get("targets") or []) for row in rows) - sum(
                len(without_column_targets(row)["targets"]) for row in rows
            )
            other = [assess_input_row(row, settings, profile.label_for) for row in rows]
            title = (
                f"\n{options['other']} ({profile.code}; {dropped} targets printed in a separate "
                "column dropped with their pairs: the engine reads the task text only)"
            )
            self.stdout.write(format_report(evaluate(other, rows, profile.label_for), title))
            self.stdout.write(format_behind(score_behind(other, rows)))
        if options["quality"]:
            self.stdout.write("")
            self.stdout.write(format_quality(score_quality(_read_rows(options["quality"]))))
