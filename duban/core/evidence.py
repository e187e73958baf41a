"""What an evidence file really is, judged by its bytes (not its name). Pure, except the
upload handler and `read_upload`, which keep an oversized upload from being stored or read."""

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from duban.core.exceptions import DomainError

MAX_BYTES = 20 * 1024 * 1024

# kind → (content type, file suffixes accepted for it)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
    ),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
}

TOO_LARGE = "附件「{name}」超过 20 MB。"
NOT_ALLOWED = "附件「{name}」的内容不是 pdf、docx、xlsx、pptx、jpg 或 png 文件。"
NAME_MISMATCH = "附件「{name}」的扩展名与文件内容({kind})不符。"
OFFICE_EXECUTABLE = "附件「{name}」内含可执行文件或脚本「{entry}」,不予接受。"
OFFICE_MACROS = "附件「{name}」含有宏(vbaProject.bin),请另存为不含宏的文件后再上传。"
OFFICE_NOT_OOXML = "附件「{name}」不是有效的 Office 文件(缺少 [Content_Types].xml 或已损坏)。"
PDF_POLYGLOT = "附件「{name}」既像 PDF 又含网页(HTML)内容,不予接受。"

# Office parts by which each kind is known.
_OFFICE_MAIN_PART = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
# Entries no office document needs: programs and scripts a reader could be tricked to run.
_EXECUTABLE_RE = re.compile(
    r"\.(exe|dll|com|scr|bat|cmd|ps1|js|jse|vbs|vbe|wsf|wsh|hta|msi|jar|lnk|sh)$", re.I
)
_HTML_RE = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype\s+html)\b", re.I)


class _OfficeError(ValueError):
    pass


def _office_kind(data: bytes) -> str | None:
    """The kind of an OOXML zip, after checking its entries; `_OfficeError` names an entry
    that makes it unacceptable. None when it is no office document at all."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    kind = next((k for part, k in _OFFICE_MAIN_PART.items() if part in names), None)
    if kind is None:
        return None
    if "[Content_Types].xml" not in names:
        raise _OfficeError(OFFICE_NOT_OOXML)
    for entry in names:
        if _EXECUTABLE_RE.search(entry):
            raise _OfficeError(OFFICE_EXECUTABLE, entry)
        if entry.lower().endswith("vbaproject.bin"):
            raise _OfficeError(OFFICE_MACROS)
    return kind


def sniff(data: bytes) -> str | None:
    """The kind of file `data` holds, from its first bytes (and, for zips, its parts)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            return _office_kind(data)
        except _OfficeError:
            return None
    return None


def check(name: str, data: bytes) -> tuple[str, str]:
    """(kind, content type) of an acceptable attachment; ValueError with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise ValueError(TOO_LARGE.format(name=name))
    if data.startswith(b"PK\x03\x04"):
        try:
            kind = _office_kind(data)
        except _OfficeError as problem:
            template, *entry = problem.args
            raise ValueError(template.format(name=name, entry="".join(entry))) from problem
    else:
        kind = sniff(data)
    if kind is None:
        raise ValueError(NOT_ALLOWED.format(name=name))
    if kind == "pdf" and _HTML_RE.search(data):
        # A browser shown this file as HTML would run its script: one file, two readings.
        raise ValueError(PDF_POLYGLOT.format(name=name))
    content_type, suffixes = KINDS[kind]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in suffixes:
        raise ValueError(NAME_MISMATCH.format(name=name, kind=kind))
    return kind, content_type


@dataclass(frozen=True)
class CheckedFile:
    """An evidence file whose bytes passed `check`, ready to be stored."""

    name: str
    data: bytes
    content_type: str


def checked_files(files: Iterable[tuple[str, bytes]]) -> list[CheckedFile]:
    """Check every file before anything is written, so one refused file stores none; a
    `DomainError` carries the Chinese reason naming the file."""
    checked = []
    for name, data in files:
        try:
            _kind, content_type = check(name, data)
        except ValueError as error:
            raise DomainError(str(error)) from error
        checked.append(CheckedFile(name=name, data=data, content_type=content_type))
    return checked


def evidence_save(attachment: Any, file: CheckedFile, *, actor: Any) -> Any:
    """Store a checked file as `attachment`, an unsaved evidence row whose owner is already set
    (a report, slip, change request or closure): the one way every evidence file is kept."""
    attachment.original_name = file.name[:255]
    attachment.content_type = file.content_type
    attachment.size = len(file.data)
    attachment.uploaded_by = actor
    attachment.file.save(file.name, ContentFile(file.data), save=False)
    attachment.save()
    return attachment


def read_upload(upload: UploadedFile) -> bytes:
    """An uploaded attachment's bytes, refused (DomainError) by its size before it is read;
    never more than the limit is read, whatever the upload claims."""
    name = upload.name or "附件"
    if (upload.size or 0) > MAX_BYTES:
        raise DomainError(TOO_LARGE.format(name=name))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(TOO_LARGE.format(name=name))
    return data


def upload_limit() -> int:
    """Bytes past which no uploaded file is worth keeping: the larger of the limits."""
    return max(MAX_BYTES, settings.DUBAN_MAX_UPLOAD_BYTES)


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: once a file is past `upload_limit()`, its further bytes
    are counted but not passed on, and the file arrives empty with its true size, so the
    size checks refuse it without the web process holding it in memory or on disk."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over_limit = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > upload_limit():
            self.over_limit = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over_limit:
            return None  # the next handler keeps the file as usual
        return InMemoryUploadedFile(
            io.BytesIO(b""),
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )
