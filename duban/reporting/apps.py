from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "duban.reporting"
    label = "reporting"
    verbose_name = "进展填报"

    def ready(self) -> None:
        from duban.imports.registry import register

        from .progress_table.upload import KIND, SPEC

        register(KIND, SPEC)
