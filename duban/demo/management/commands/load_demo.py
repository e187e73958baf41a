"""Load the demo: Jiaxing's organization tree, the 2021 H1 table (published), demo accounts."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from duban.demo.load import DEMO_ACCOUNTS, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = "载入演示数据(嘉兴市2021年上半年进展表及演示账号)。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出演示账号")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["if_empty"] and demo_is_loaded()):
            summary = demo_load()
            if not options["json"]:
                self.stdout.write(
                    f"已载入演示数据:{summary['rows']}行,"
                    f"状态 {summary['status_counts']},已发布 {bool(summary.get('published'))}"
                )
        accounts = [account.as_dict() for account in DEMO_ACCOUNTS]
        if options["json"]:
            self.stdout.write(json.dumps(accounts, ensure_ascii=False, indent=2))
