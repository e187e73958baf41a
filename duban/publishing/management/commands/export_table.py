"""Export a period's progress table as text, HTML, xlsx, csv or JSON."""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.audit import SYSTEM, record_event
from duban.core.exceptions import DomainError
from duban.exports.renderers import RENDERERS, render_table
from duban.publishing.selectors import table_for_export


class Command(BaseCommand):
    help = "导出进展情况表。text 格式与政府网站页面的表格文本逐字一致。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--government", default="嘉兴市")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
        parser.add_argument("--output", help="输出文件(默认写到标准输出)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = table_for_export(
                government=options["government"], year=options["year"], period=options["period"]
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        data = render_table(table, options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        record_event(
            actor=SYSTEM,
            verb="exports.table",
            after={"title": table.title, "format": options["format"], "rows": len(table.rows)},
        )
