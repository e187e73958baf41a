from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register
        from duban.reporting.inbox import inbox_source_register

        from . import permissions, selectors

        inbox_source_register("supervision", selectors.slip_todos)
        inbox_source_register("instructions", selectors.instruction_todos)

        nav_register(
            NavEntry(
                order=50,
                label="督办",
                url_name="supervision:slip_list",
                prefix="/supervision/",
                allowed=permissions.can_view_slips,
            ),
        )
