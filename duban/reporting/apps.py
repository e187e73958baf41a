from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "duban.reporting"
    label = "reporting"
    verbose_name = "进展填报"
