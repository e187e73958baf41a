"""View helpers shared by every app: one way to require a permission, one error page."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static


def permission_required(
    predicate: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Sign-in first (redirect to login), then `predicate(user)` or 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# The error pages: Chinese, in the app's own layout (handler403/404/500 in config/urls.py; the
# 405 of `require_POST` views through `MethodNotAllowedPageMiddleware`).
ERROR_TITLES = {
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的操作方式",
    500: "服务器出错",
}
ERROR_MESSAGES = {
    403: "您的账号没有访问此页面的权限。如需开通,请联系督查室管理员。",
    404: "您要找的页面不存在,可能已被删除或地址有误。",
    405: "此地址只接受表单提交,请从页面上的按钮操作,不要直接打开链接。",
    500: "系统处理请求时出错,已记录该问题。请稍后重试,或联系督查室管理员。",
}


def error_page(request: HttpRequest | None, status: int) -> HttpResponse:
    context = {"status": status, "title": ERROR_TITLES[status], "message": ERROR_MESSAGES[status]}
    if status == 500 or request is None:
        # Rendered without the request's context processors: the failure may be the database.
        body = loader.get_template("core/error.html").render(context)
        return HttpResponse(body, status=status)
    return render(request, "core/error.html", context, status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def error_500(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


class MethodNotAllowedPageMiddleware:
    """A page's 405 (`require_POST`, a GET on a form's target) in the layout, in Chinese; the
    API keeps its own JSON answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = error_page(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only once static files are collected.
    return redirect(static("favicon.ico"))
