"""The project's URLs plus a stand-in `accounts:password_change`, for the expiry redirect."""

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from config import urls as project_urls
from duban.accounts import urls as accounts_urls


def _change_page(request):
    return HttpResponse("修改密码")


accounts_patterns = [
    *accounts_urls.urlpatterns,
    path("password/", _change_page, name="password_change"),
]
urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include((accounts_patterns, "accounts"))),
]
urlpatterns += [
    p
    for p in project_urls.urlpatterns
    if isinstance(p, URLPattern | URLResolver) and str(p.pattern) != "accounts/"
]
