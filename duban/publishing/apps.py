from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "duban.publishing"
    label = "publishing"
    verbose_name = "政务公开"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register

        from . import permissions

        nav_register(
            NavEntry(
                order=90,
                label="政务公开",
                url_name="publishing_office:period_list",
                prefix="/publishing/",
                allowed=permissions.can_publish,
            ),
        )
