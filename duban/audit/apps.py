from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "duban.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register

        from . import permissions

        nav_register(
            NavEntry(
                order=100,
                label="审计日志",
                url_name="audit:audit_list",
                prefix="/audit/",
                allowed=permissions.can_view_audit,
            ),
        )
