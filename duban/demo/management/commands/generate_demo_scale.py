"""Generate a synthetic plan at city or province scale for the cockpit (see duban.demo.scale)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.exceptions import DomainError
from duban.demo.scale import (
    DEFAULT_GOVERNMENT,
    DEFAULT_YEAR,
    MAX_PERIODS,
    MAX_TASKS,
    as_lines,
    demo_scale_generate,
)


class Command(BaseCommand):
    help = "生成大规模模拟数据(单位、任务、期次、进展报告、认定状态、研判建议),用于驾驶舱压测。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tasks", type=int, required=True, help=f"任务数(1-{MAX_TASKS})")
        parser.add_argument("--periods", type=int, required=True, help=f"期次数(1-{MAX_PERIODS})")
        parser.add_argument("--government", default=DEFAULT_GOVERNMENT, help="政府名称")
        parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="年度")
        parser.add_argument("--seed", type=int, default=2021, help="随机数种子(参数相同则数据相同)")
        parser.add_argument("--replace", action="store_true", help="计划已存在时删除后重新生成")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = demo_scale_generate(
                tasks=options["tasks"],
                periods=options["periods"],
                government=options["government"],
                year=options["year"],
                seed=options["seed"],
                replace=options["replace"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        for line in as_lines(summary):
            self.stdout.write(line)
