from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "duban.dashboards"
    label = "dashboards"
    verbose_name = "领导驾驶舱"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register

        from . import permissions

        nav_register(
            NavEntry(
                order=70,
                label="驾驶舱",
                url_name="dashboards:cockpit",
                prefix="/cockpit/",
                allowed=permissions.cockpit_in_menu,
            ),
        )
