"""Write a numbered bulletin (通报 第N期) on a period as a Word document."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.audit import SYSTEM
from duban.orgs.selectors import government_get
from duban.reporting.selectors import period_get
from duban.supervision.services import bulletin_create

PERIOD_NOT_FOUND = "找不到{government}{year}年「{period}」期次。"


class Command(BaseCommand):
    help = "生成督查通报(Word):按认定状态统计,列出滞后任务、报送不及时的单位和进度较快的工作。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--government", default="嘉兴市")
        parser.add_argument("--output", required=True, help="输出的 .docx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        government = options["government"]
        unit = government_get(name=government)
        period = (
            period_get(government=unit, year=options["year"], label=options["period"])
            if unit
            else None
        )
        if period is None:
            raise CommandError(
                PERIOD_NOT_FOUND.format(
                    government=government, year=options["year"], period=options["period"]
                )
            )
        bulletin = bulletin_create(period=period, actor=SYSTEM)
        with bulletin.file.open("rb") as source:
            Path(options["output"]).write_bytes(source.read())
        self.stdout.write(
            f"{bulletin.year}年第{bulletin.number}期:{bulletin.summary} → {options['output']}"
        )
