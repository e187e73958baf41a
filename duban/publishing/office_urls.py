from django.urls import path

from . import office_views

app_name = "publishing_office"
urlpatterns = [
    path("", office_views.period_list, name="period_list"),
    path("periods/<int:pk>/publish/", office_views.period_publish, name="period_publish"),
    path(
        "publications/<int:pk>/withdraw/",
        office_views.publication_withdraw_view,
        name="publication_withdraw",
    ),
]
