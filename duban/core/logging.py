"""Structured logs: every line carries the request id and the user who asked.

RequestIdMiddleware takes the id nginx sent (X-Request-ID) or makes one, and echoes it in the
response, so a complaint's id finds its lines in nginx's log, the app's log and the worker's.
RequestContextFilter puts the id and the user on each record; JsonFormatter writes one JSON
object a line (production), which journald and any log shipper read as is.
"""

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only when it looks like one: anything else could forge log lines.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "duban_current_request", default=None
)


def request_id_from(request: HttpRequest) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so every response (redirects and errors too) carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.request_id = request_id_from(request)  # type: ignore[attr-defined]
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
        return response


def _user_label(request: HttpRequest | None) -> str:
    """The signed-in user's name, without loading the session just to log it.

    Public pages never touch the session (that keeps them fast); a user that no code asked
    for is logged as "" rather than costing a session read.
    """
    lazy_user = getattr(request, "user", None) if request is not None else None
    if lazy_user is None or getattr(lazy_user, "_wrapped", None) is empty:
        return ""
    if not getattr(lazy_user, "is_authenticated", False):
        return "anonymous"
    return str(lazy_user.get_username())


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        if request is None and isinstance(getattr(record, "request", None), HttpRequest):
            request = record.request  # type: ignore[attr-defined]
        record.request_id = getattr(request, "request_id", "") if request is not None else ""
        record.user = _user_label(request)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "user": getattr(record, "user", ""),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
