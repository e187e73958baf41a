from django.urls import path

from .views import closure, periods, reports, task_life, tasks

app_name = "reporting"
urlpatterns = [
    path("", tasks.task_list, name="task_list"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/new/", task_life.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", task_life.task_edit, name="task_edit"),
    path("tasks/<int:pk>/changes/new/", task_life.change_request_new, name="change_request_new"),
    path("changes/<int:pk>/act/", task_life.change_request_act_view, name="change_request_act"),
    path(
        "changes/<int:pk>/evidence/<int:attachment_id>/",
        task_life.change_evidence_download,
        name="change_evidence_download",
    ),
    path("tasks/<int:pk>/closure/", closure.task_closure, name="task_closure"),
    path(
        "tasks/<int:pk>/closure/attachments/<int:attachment_id>/",
        closure.closure_attachment_download,
        name="closure_attachment",
    ),
    path("inbox/", reports.inbox, name="inbox"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/diff/", reports.report_diff, name="report_diff"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_id>/",
        reports.attachment_download,
        name="attachment_download",
    ),
    path("periods/", periods.period_index, name="period_list"),
    path("periods/<int:pk>/close/", periods.period_close_view, name="period_close"),
]
