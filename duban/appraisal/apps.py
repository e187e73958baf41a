from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "duban.appraisal"
    label = "appraisal"
    verbose_name = "绩效考核"
