"""绩效考核, mounted under /appraisal/."""

from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export.xlsx", views.ranking_export, name="ranking_export"),
    path("plans/<int:plan_pk>/scheme/", views.scheme, name="scheme"),
]
