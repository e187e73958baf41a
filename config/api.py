"""The JSON API under /api/v1/: routes, the OpenAPI schema and docs, one error translation."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from duban.accounts.api import LogoutAllApi, LogoutApi, TokenApi
from duban.core.exceptions import DomainError
from duban.dashboards.api import DashboardApi
from duban.ledger import api as ledger_api
from duban.reporting import api as reporting_api
from duban.reporting.services.reports import StaleVersionError
from duban.supervision import api as supervision_api


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DomainError → 400 (409 for a stale version); a refused action → 403 with its reason."""
    if isinstance(exc, StaleVersionError):
        return Response({"detail": exc.message, **exc.extra}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, **exc.extra}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied) and exc.args:
        return Response({"detail": str(exc.args[0])}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)


app_name = "api"
urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("auth/logout/", LogoutApi.as_view(), name="logout"),
    path("auth/logoutall/", LogoutAllApi.as_view(), name="logoutall"),
    path("periods/", reporting_api.PeriodListApi.as_view(), name="period_list"),
    path("reports/", reporting_api.ReportListApi.as_view(), name="report_list"),
    path("reports/<int:pk>/", reporting_api.ReportDetailApi.as_view(), name="report_detail"),
    path("reports/<int:pk>/submit/", reporting_api.ReportSubmitApi.as_view(), name="report_submit"),
    path(
        "reports/<int:pk>/approve/", reporting_api.ReportApproveApi.as_view(), name="report_approve"
    ),
    path("reports/<int:pk>/return/", reporting_api.ReportReturnApi.as_view(), name="report_return"),
    path("change-requests/", ledger_api.ChangeRequestListApi.as_view(), name="change_list"),
    path(
        "change-requests/<int:pk>/act/",
        ledger_api.ChangeRequestActApi.as_view(),
        name="change_act",
    ),
    path("tasks/<int:pk>/closure/", reporting_api.TaskClosureApi.as_view(), name="task_closure"),
    path(
        "tasks/<int:pk>/closure/act/",
        reporting_api.TaskClosureActApi.as_view(),
        name="task_closure_act",
    ),
    path(
        "tasks/<int:pk>/instructions/",
        supervision_api.TaskInstructionsApi.as_view(),
        name="task_instructions",
    ),
    path(
        "tasks/<int:pk>/instructions/<int:instruction_id>/act/",
        supervision_api.InstructionActApi.as_view(),
        name="instruction_act",
    ),
    path("dashboard/", DashboardApi.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
