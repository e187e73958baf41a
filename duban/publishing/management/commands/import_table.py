"""Import a progress table file (text, HTML, xlsx, xls, ods, Word .docx or csv) into the ledger."""

import datetime
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.status import TaskStatus
from duban.imports.readers import ReadError
from duban.publishing.selectors import publication_summary
from duban.publishing.services import imported_period_publish, parse_published_at
from duban.reporting.progress_table.columns import HEADER_LABELS
from duban.reporting.progress_table.decisions import MAP, DepartmentDecision
from duban.reporting.progress_table.driver import progress_table_load
from duban.reporting.progress_table.layouts import layout_of, table_layout_named
from duban.reporting.progress_table.matching import CONFLICT_ACTIONS


class Command(BaseCommand):
    help = (
        "导入进展情况表(网页文本、HTML、xlsx、xls、ods、Word .docx、csv);"
        "有问题时列出问题并且不写入任何数据。"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--period", required=True, help="期次,如 上半年")
        parser.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD")
        parser.add_argument("--government", default="嘉兴市")
        parser.add_argument("--profile", default="jiaxing", help="状态口径")
        parser.add_argument("--publish", action="store_true", help="导入后发布到政务公开")
        parser.add_argument("--published-at", help="发布日期 YYYY-MM-DD HH:MM(默认取文件中的)")
        parser.add_argument("--source", default="", help="信息来源(默认取文件中的)")
        parser.add_argument("--correction-note", default="", help="更正说明(再次发布时必填)")
        parser.add_argument("--dry-run", action="store_true", help="只检查,不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出摘要")
        parser.add_argument(
            "--create-departments",
            action="store_true",
            help="确认新建文件中所有不在组织机构中的单位",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="新名称=已有单位编号",
            help="把文件中的单位名称对应到已有单位(可多次使用)",
        )
        parser.add_argument(
            "--columns",
            default="",
            metavar="表头=字段,…",
            help="指定各列的含义,如 序号=seq,工作任务=task,推进情况=progress,责任单位=departments",
        )
        parser.add_argument(
            "--status-word",
            action="append",
            default=[],
            metavar="原表写法=状态",
            help="确认其他政府的进展状态对应的状态,如 顺利推进=ON_TRACK(可多次使用)",
        )
        parser.add_argument(
            "--layout",
            default="",
            metavar="版式名称",
            help="按本政府保存的表格版式读取各列(见导入预览的「保存为本政府的表格版式」)",
        )
        parser.add_argument(
            "--on-conflict",
            choices=CONFLICT_ACTIONS,
            default=None,
            help=(
                "序号相同但任务内容不同的行:update 更新该任务,new 作为新任务,"
                "skip 跳过(默认拒绝导入)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在:{path}")
        try:
            as_of = datetime.date.fromisoformat(options["as_of"])
        except ValueError as error:
            raise CommandError(f"--as-of 日期格式应为 YYYY-MM-DD:{options['as_of']}") from error
        published_at = None
        if options["published_at"]:
            published_at = parse_published_at(options["published_at"])
            if published_at is None:
                raise CommandError("--published-at 格式应为 YYYY-MM-DD HH:MM")
        decisions = {}
        for item in options["map"]:
            name, _, target = item.partition("=")
            if not target.isdigit():
                raise CommandError(f"--map 格式应为 新名称=已有单位编号:{item}")
            decisions[name] = DepartmentDecision(action=MAP, department_id=int(target))
        mapping = columns_option(options["columns"])
        try:
            layout = None
            if options["layout"]:
                layout = layout_of(
                    table_layout_named(
                        government_name=options["government"], name=options["layout"]
                    )
                )
            outcome = progress_table_load(
                name=path.name,
                data=path.read_bytes(),
                government=options["government"],
                year=options["year"],
                period=options["period"],
                as_of=as_of,
                profile=options["profile"],
                decisions=decisions,
                create_departments=options["create_departments"],
                on_conflict=options["on_conflict"],
                mapping=mapping,
                layout=layout,
                layout_name=options["layout"],
                status_words=status_words_option(options["status_word"]),
                dry_run=options["dry_run"],
                actor=SYSTEM,
            )
            publication = None
            if options["publish"] and outcome.applied and outcome.period is not None:
                publication = imported_period_publish(
                    period=outcome.period,
                    page_meta=outcome.preview.meta,
                    published_at=published_at,
                    source=options["source"],
                    correction_note=options["correction_note"],
                    actor=SYSTEM,
                )
        except ReadError as error:
            raise CommandError(str(error)) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        summary = outcome.summary()
        if publication is not None:
            summary["published"] = publication_summary(publication)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._print_text(summary)
        if outcome.unconfirmed_status_words and not options["dry_run"]:
            raise CommandError(outcome.refusal().message)
        if summary["problems"] or outcome.undecided_departments:
            raise CommandError("导入未完成:文件有问题或有未确认的新单位,未写入任何数据。")

    def _print_text(self, summary: dict[str, Any]) -> None:
        write = self.stdout.write
        write(
            f"格式:{summary['format']}  行数:{summary['rows']}  "
            f"带序号任务:{summary['numbered_tasks']}  子项:{summary['sub_rows']}"
        )
        counts = "、".join(f"{k} {v}" for k, v in summary["status_counts"].items())
        write(f"进展状态:{counts}  空白:{summary['empty_status']}")
        departments = summary["departments"]
        write(f"单位:已匹配 {departments['matched']},新建 {departments.get('created', 0)}")
        for name in departments.get("undecided_names", []):
            write(f"  未确认的新单位:{name}(用 --create-departments 或 --map 确认)")
        for warning in summary["warnings"]:
            write(f"提示:{warning}")
        for problem in summary["problems"]:
            write(f"问题:{problem}")
        if summary.get("published"):
            published = summary["published"]
            write(
                f"已发布:{published['title']}(第{published['version']}版,"
                f"{published['published_at']},{published['source']})"
            )
        write("已导入。" if summary["applied"] else "未写入任何数据。")


def columns_option(value: str) -> dict[str, str]:
    """`--columns "序号=seq,工作任务=task"` as printed header → field."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        header, _, field_name = item.partition("=")
        if field_name not in HEADER_LABELS:
            raise CommandError(f"--columns 中「{item}」的字段应为:{'、'.join(HEADER_LABELS)}")
        mapping[header.strip()] = field_name
    return mapping


def status_words_option(values: list[str]) -> dict[str, str] | None:
    """`--status-word 顺利推进=ON_TRACK` (repeated) as printed word → canonical status."""
    words: dict[str, str] = {}
    for item in values:
        word, _, status = item.partition("=")
        if not word.strip() or status.strip() not in TaskStatus.values:
            raise CommandError(
                f"--status-word 格式应为 原表写法=状态({'、'.join(TaskStatus.values)})"
            )
        words[word.strip()] = status.strip()
    return words or None
