"""A user's notifications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .selectors import notification_list_for
from .services import notifications_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pk = request.POST.get("id", "")
        notifications_mark_read(user=request.user, pk=int(pk) if pk.isdigit() else None)
        return redirect("notifications:notification_list")
    return render(
        request,
        "notifications/notification_list.html",
        {
            "notifications": notification_list_for(user=request.user)[:100],
            "crumbs": [("消息", "")],
        },
    )
