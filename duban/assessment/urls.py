from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.review, name="review"),
    path("disagreements/", views.disagreement_list, name="disagreement_list"),
    path("decide/", views.status_decide_view, name="status_decide"),
    path("tasks/<int:pk>/indicators/", views.indicator_review, name="indicator_review"),
]
