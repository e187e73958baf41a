"""Score extractor and engine on a labelled file (assessment/tests/fixtures/LABELS.md)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.batch import assess_input_row
from duban.assessment.evaluation import evaluate, format_report
from duban.assessment.rules import PROFILE_SETTINGS
from duban.core.status import PROFILES


class Command(BaseCommand):
    # A file-to-file batch over pure code: no database, URLs or models to check first.
    requires_system_checks: list[str] = []
    help = (
        "Run the extractor on a labelled file's rows and print target and pair "
        "precision/recall/F1 and the status confusion against the published status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--labels", required=True, type=Path, help="labelled JSONL file")
        parser.add_argument(
            "--profile", default="jiaxing", choices=sorted(PROFILES), help="status profile"
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        profile = PROFILES[options["profile"]]
        settings = PROFILE_SETTINGS.get(profile.code, PROFILE_SETTINGS["jiaxing"])
        try:
            lines = options["labels"].read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"无法读取标注文件:{error}") from error
        gold_rows: list[dict[str, Any]] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                gold_rows.append(json.loads(line))
            except ValueError as error:
                raise CommandError(f"标注文件第{number}行不是有效的JSON:{error}") from error
        predictions = [assess_input_row(row, settings, profile.label_for) for row in gold_rows]
        report = evaluate(predictions, gold_rows, profile.label_for)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(report, f"{options['labels']} ({profile.code})"))
