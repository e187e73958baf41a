from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "duban.imports"
    label = "imports"
    verbose_name = "导入"
