"""Delete audit events past the retention period: the one documented way rows leave the trail.

    manage.py audit_prune --older-than-days 365 --confirm

Without `--confirm` it only counts. It refuses a cut-off younger than
`DUBAN_AUDIT_RETENTION_DAYS` (itself at least 180 days). See docs/decisions/0027.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from duban.core.audit import SYSTEM, AuditTrailConfigError, audit_prune, retention_days
from duban.core.models import AuditEvent


class Command(BaseCommand):
    help = "删除超过保留期的审计日志(默认只统计;加 --confirm 才删除)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-days", type=int, default=None)
        parser.add_argument("--confirm", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            days = options["older_than_days"] or retention_days()
            before = timezone.now() - datetime.timedelta(days=days)
            if not options["confirm"]:
                retention_days()
                count = AuditEvent.objects.filter(occurred_at__lt=before).count()
                self.stdout.write(f"{count} 条审计日志早于 {days} 天;加 --confirm 才删除。")
                return
            deleted = audit_prune(before=before, actor=SYSTEM)
        except AuditTrailConfigError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"已删除 {deleted} 条早于 {days} 天的审计日志。")
