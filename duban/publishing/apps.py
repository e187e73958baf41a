from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "duban.publishing"
    label = "publishing"
    verbose_name = "政务公开"
