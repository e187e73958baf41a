from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
]
