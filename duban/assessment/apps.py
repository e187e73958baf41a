from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    label = "assessment"
    verbose_name = "状态研判"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register
        from duban.reporting.checks import report_check_register

        from . import permissions
        from .selectors import report_quality_findings

        # The report page shows the quality flags without reporting importing assessment.
        report_check_register(report_quality_findings)

        nav_register(
            NavEntry(
                order=40,
                label="状态研判",
                url_name="assessment:review",
                prefix="/assessment/",
                # The menu shows it to the office, who decide; leaders read it by link.
                allowed=permissions.can_decide_status,
            ),
        )
