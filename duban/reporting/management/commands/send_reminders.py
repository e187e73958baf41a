"""Queue today's due-date reminders (run daily from cron; the worker sends them)."""

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.reporting.jobs import send_reminders_job


class Command(BaseCommand):
    help = "发送填报截止提醒(截止前N天和当天;供 cron 每日调用,由后台 worker 发送)。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="按哪一天计算(YYYY-MM-DD,默认今天)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--date 格式应为 YYYY-MM-DD") from error
        result = send_reminders_job.enqueue(today.isoformat())
        self.stdout.write(f"已排队发送 {today:%Y-%m-%d} 的提醒(任务 {result.id})。")
