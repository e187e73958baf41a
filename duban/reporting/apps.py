from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "duban.reporting"
    label = "reporting"
    verbose_name = "进展填报"

    def ready(self) -> None:
        from duban.imports.registry import register

        from .progress_table.upload import KIND, SPEC

        register(KIND, SPEC)

        from duban.core.navigation import NavEntry, nav_register
        from duban.ledger.permissions import can_view_ledger

        from . import permissions as reporting_permissions

        nav_register(
            NavEntry(
                order=10,
                label="我的任务",
                url_name="reporting:inbox",
                prefix="/ledger/inbox/",
                allowed=reporting_permissions.can_use_inbox,
            ),
            NavEntry(
                order=20,
                label="任务台账",
                url_name="reporting:task_list",
                prefix="/ledger/tasks",
                allowed=can_view_ledger,
            ),
            NavEntry(
                order=30,
                label="填报期次",
                url_name="reporting:period_list",
                prefix="/ledger/periods/",
                allowed=reporting_permissions.can_review,
            ),
            NavEntry(
                order=80,
                label="数据导入",
                url_name="imports:batch_list",
                prefix="/imports/",
                allowed=reporting_permissions.can_import_table,
            ),
        )
