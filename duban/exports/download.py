"""Every file a user downloads leaves through here: one file-name rule, one content-type table,
and an audit event for every internal export.

Public downloads (/public/) go through `public_download` and are not audited: they serve a
published snapshot to anyone. Everything signed-in users take away goes through
`internal_download`, which records who took what before the bytes leave.
"""

from typing import Any
from urllib.parse import quote

from django.db import models
from django.http import HttpResponse

from duban.core.audit import record_event

# Format → (content type, file extension). The renderers' formats plus Word documents.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text/plain; charset=utf-8", "txt"),
    "html": ("text/html; charset=utf-8", "html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}
CONTENT_TYPES = {fmt: content_type for fmt, (content_type, _) in FORMATS.items()}
EXTENSIONS = {fmt: extension for fmt, (_, extension) in FORMATS.items()}

_UNSAFE = set('/\\:*?"<>|')


def download_filename(name: str, fmt: str) -> str:
    """`name` with the format's extension; slashes and control characters become `_`, since
    they would make an unusable or misleading file name."""
    safe = "".join("_" if ch in _UNSAFE or ord(ch) < 32 else ch for ch in name)
    return f"{safe}.{EXTENSIONS[fmt]}"


def content_disposition(filename: str, *, fallback: str) -> str:
    """An attachment header: an ASCII name for old clients and the UTF-8 name (RFC 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _response(data: bytes, *, fmt: str, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback)
    return response


def internal_download(
    *,
    data: bytes,
    fmt: str,
    name: str,
    fallback: str,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    after: Any = None,
) -> HttpResponse:
    """A file for a signed-in user, audited: `name` is the Chinese title (no extension),
    `fallback` the ASCII stem for clients that ignore RFC 5987."""
    record_event(actor=actor, verb=verb, target=target, after=after)
    filename = download_filename(name, fmt)
    return _response(data, fmt=fmt, filename=filename, fallback=f"{fallback}.{EXTENSIONS[fmt]}")


def public_download(*, data: bytes, fmt: str, name: str, fallback: str) -> HttpResponse:
    """A file from the public pages: a published snapshot anyone may take; not audited."""
    filename = download_filename(name, fmt)
    return _response(data, fmt=fmt, filename=filename, fallback=f"{fallback}.{EXTENSIONS[fmt]}")
