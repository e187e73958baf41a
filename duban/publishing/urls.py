"""Public (anonymous) pages, mounted under /public/."""

from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="publication_list"),
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="publication_detail"),
    path(
        "<int:pk>/download.<str:fmt>",
        views.PublicationDownloadView.as_view(),
        name="publication_download",
    ),
]
