"""Mounts each app's URLs: the office's pages, the public pages under /public/, the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from duban.core.health import healthz
from duban.core.views import favicon

handler403 = "duban.core.views.error_403"
handler404 = "duban.core.views.error_404"
handler500 = "duban.core.views.error_500"

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static file.
    path("favicon.ico", favicon, name="favicon"),
    path(
        "", RedirectView.as_view(pattern_name="reporting:task_list", permanent=False), name="home"
    ),
    path("healthz", healthz, name="healthz"),  # the load balancer's check, open to all
    path("accounts/", include("duban.accounts.urls")),
    path("ledger/", include("duban.reporting.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("publishing/", include("duban.publishing.office_urls")),
    path("imports/", include("duban.imports.urls")),
    path("audit/", include("duban.audit.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("appraisal/", include("duban.appraisal.urls")),
    path("cockpit/", include("duban.dashboards.urls")),
    path("notifications/", include("duban.notifications.urls")),
    path("api/v1/", include("config.api")),
    path("public/", include("duban.publishing.urls")),
    path("admin/", admin.site.urls),
]
