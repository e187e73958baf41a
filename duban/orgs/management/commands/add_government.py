"""Add a government to the instance, or place one under another (a province over its cities).

    manage.py add_government 湖州市 --parent 浙江省

A province runs one duban for its cities (docs/decisions/0030): each city is a government of
its own; the province is the government above them, whose leaders read every city's work.
Accounts are then given their government in 系统管理.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.orgs.services import government_add


class Command(BaseCommand):
    help = "新增政府,或设置其上级政府(如 省政府 之下的各市)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="政府名称,如 湖州市")
        parser.add_argument("--parent", default="", help="上级政府名称,如 浙江省")

    def handle(self, *args: Any, **options: Any) -> None:
        name, parent = options["name"].strip(), options["parent"].strip()
        if not name:
            raise CommandError("请填写政府名称。")
        try:
            government = government_add(name=name, parent_name=parent, actor=SYSTEM)
        except DomainError as refused:
            raise CommandError(refused.message) from refused
        under = f",上级政府:{government.parent.name}" if government.parent is not None else ""
        self.stdout.write(f"政府「{government.name}」已就绪{under}。")
