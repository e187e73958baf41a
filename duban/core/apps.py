from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "duban.core"
    label = "core"
    verbose_name = "共用内核"

    def ready(self) -> None:
        from django.conf import settings

        from .audit import copy_trail_to_syslog

        if getattr(settings, "DUBAN_AUDIT_SYSLOG", ""):
            copy_trail_to_syslog(settings.DUBAN_AUDIT_SYSLOG)
