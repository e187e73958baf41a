"""The JSON API under /api/v1/: routes, the OpenAPI schema and docs, one error translation."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from duban.accounts.api import TokenApi
from duban.core.exceptions import DomainError
from duban.dashboards.api import DashboardApi
from duban.reporting import api as reporting_api
from duban.reporting.services.reports import StaleVersionError


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
    path("periods/", reporting_api.PeriodListApi.as_view(), name="period_list"),
    path("reports/", reporting_api.ReportListApi.as_view(), name="report_list"),
    path("reports/<int:pk>/", reporting_api.ReportDetailApi.as_view(), name="report_detail"),
    path("reports/<int:pk>/submit/", reporting_api.ReportSubmitApi.as_view(), name="report_submit"),
    path(
        "reports/<int:pk>/approve/", reporting_api.ReportApproveApi.as_view(), name="report_approve"
    ),
    path("reports/<int:pk>/return/", reporting_api.ReportReturnApi.as_view(), name="report_return"),
    path("dashboard/", DashboardApi.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
