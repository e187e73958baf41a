"""URLs of the supervision module, mounted at /supervision/."""

from django.urls import path

from . import views, views_instructions

app_name = "supervision"
urlpatterns = [
    path("", views.slip_list, name="slip_list"),
    path("slips/new/", views.slip_issue_view, name="slip_issue"),
    path("slips/<int:pk>/", views.slip_detail, name="slip_detail"),
    path("slips/<int:pk>/act/", views.slip_act, name="slip_act"),
    path("slips/<int:pk>/docx/", views.slip_docx_view, name="slip_docx"),
    path(
        "slips/<int:pk>/attachments/<int:attachment_pk>/",
        views.slip_attachment,
        name="slip_attachment",
    ),
    path(
        "tasks/<int:pk>/instructions/",
        views_instructions.task_instructions,
        name="task_instructions",
    ),
    path("proposals/", views.proposal_list_view, name="proposal_list"),
    path("proposals/refresh/", views.proposals_refresh_view, name="proposals_refresh"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("bulletins/", views.bulletin_list_view, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_create_view, name="bulletin_create"),
    path("bulletins/<int:pk>/download/", views.bulletin_download, name="bulletin_download"),
]
