"""Assess a JSONL file of task rows: `manage.py assess_rows --input IN --output OUT`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.assessment.batch import assess_input_line
from duban.assessment.rules import PROFILE_SETTINGS
from duban.core.status import PROFILES


class Command(BaseCommand):
    # A file-to-file batch over pure code: no database, URLs or models to check first.
    requires_system_checks: list[str] = []
    help = (
        "Suggest a status for each row of a JSONL file ({task, progress, as_of, id?}) and write "
        "targets, pairs, status, printed label and reasons as JSONL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="input JSONL file")
        parser.add_argument("--output", required=True, type=Path, help="output JSONL file")
        parser.add_argument(
            "--profile", default="jiaxing", choices=sorted(PROFILES), help="status profile"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        profile = PROFILES[options["profile"]]
        settings = PROFILE_SETTINGS.get(profile.code, PROFILE_SETTINGS["jiaxing"])
        try:
            lines = options["input"].read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            raise CommandError(f"无法读取输入文件:{error}") from error
        written = 0
        try:
            with options["output"].open("w", encoding="utf-8") as output:
                for line in lines:
                    if not line.strip():
                        continue
                    record = assess_input_line(line, settings, profile.label_for)
                    output.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
        except OSError as error:
            raise CommandError(f"无法写入输出文件:{error}") from error
        self.stdout.write(f"assessed {written} rows → {options['output']}")
