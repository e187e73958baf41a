from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "duban.appraisal"
    label = "appraisal"
    verbose_name = "绩效考核"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register

        from . import permissions

        nav_register(
            NavEntry(
                order=60,
                label="绩效考核",
                url_name="appraisal:ranking",
                prefix="/appraisal/",
                allowed=permissions.can_view_ranking,
            ),
        )
