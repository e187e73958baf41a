"""What an evidence file really is, judged by its bytes (not its name). Pure."""

import io
import zipfile

MAX_BYTES = 20 * 1024 * 1024

# kind → (content type, file suffixes accepted for it)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
}

TOO_LARGE = "附件「{name}」超过 20 MB。"
NOT_ALLOWED = "附件「{name}」的内容不是 pdf、docx、xlsx、jpg 或 png 文件。"
NAME_MISMATCH = "附件「{name}」的扩展名与文件内容({kind})不符。"


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
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(name: str, data: bytes) -> tuple[str, str]:
    """(kind, content type) of an acceptable attachment; ValueError with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise ValueError(TOO_LARGE.format(name=name))
    kind = sniff(data)
    if kind is None:
        raise ValueError(NOT_ALLOWED.format(name=name))
    content_type, suffixes = KINDS[kind]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in suffixes:
        raise ValueError(NAME_MISMATCH.format(name=name, kind=kind))
    return kind, content_type
