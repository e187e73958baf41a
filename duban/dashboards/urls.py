from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("tasks/", views.task_list, name="task_list"),
    path("changes/", views.changes, name="changes"),
]
