"""The public table page's cache hit, answered before the middleware that pages for people need.

A cached public page depends on nothing but its publication, so once its
bytes are cached the session, messages, CSRF, authentication and URL resolution are work
without effect — together they cost more than the answer itself (`make bench`). This
middleware sits right after WhiteNoise: for an unfiltered GET of /public/<pk>/ whose page is
cached it answers at once, with the same bytes and the same headers the full stack gives
(the length from CommonMiddleware, the frame policy of XFrameOptionsMiddleware; the test
compares them). The pages are Chinese whatever the browser asks (decision 0022), so the one
language is the settings' own. Anything else — a miss, a filter,
another URL — goes down the stack.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control

from .cache import page_cache_key
from .views import _LOCAL_BODIES, PAGE_CACHE_SECONDS

PUBLIC_PAGE_PATH = re.compile(r"/public/(\d+)/")


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        match = PUBLIC_PAGE_PATH.fullmatch(request.path_info)
        if (
            match is None
            or request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
        ):
            return self.get_response(request)
        language = settings.LANGUAGE_CODE
        etag = cache.get(page_cache_key(pk=int(match.group(1)), language=language))
        body = _LOCAL_BODIES.get(etag) if etag else None
        if etag is None or body is None:
            return self.get_response(request)
        response = HttpResponse(body)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=PAGE_CACHE_SECONDS)
        conditional = get_conditional_response(request, etag=etag, response=response)
        answer = conditional if conditional is not None else response
        # What CommonMiddleware and XFrameOptionsMiddleware add to the page.
        answer.headers.setdefault("Content-Length", str(len(answer.content)))
        answer.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return answer
