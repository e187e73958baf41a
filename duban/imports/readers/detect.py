"""Pick the reader for a file from its name and first bytes."""

import io
import logging
import zipfile
from pathlib import Path

from .base import ReadError, SourceTable, TableHints, check_controls

XLSX_MAGIC = b"PK\x03\x04"  # any zip: xlsx, docx and ods are zip packages
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files: .xls, .doc
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLD_WORD_REFUSED = "不支持旧版 Word(.doc)文件:请在 Word 或 WPS 中另存为 .docx 后再上传。"
_ZIP_SUFFIXES = {".xlsx": "xlsx", ".docx": "docx", ".ods": "ods"}
# Web systems often save an HTML table as ".xls" or ".doc": those names are only a fallback.
_OLE2_SUFFIXES = {".xls": "xls", ".doc": "doc"}

BAD_ENCODING = "文件编码无法识别(请使用 UTF-8 或 GB18030 编码)。"
XLSX_IS_HTML = (
    "文件扩展名是 .xlsx,内容却是网页(HTML),不是真正的 Excel 文件:"
    "请在 Excel 中打开后另存为 .xlsx,或改以 .html 上传。"
)
XLSX_IS_NOT_XLSX = (
    "文件扩展名是 .xlsx,内容却不是 Excel 文件(可能已损坏、不完整或是其他格式改名的)。"
)
UNREADABLE = "无法读取文件「{name}」:内容已损坏或不是支持的表格格式。"

logger = logging.getLogger(__name__)


def decode_text(data: bytes) -> str:
    """Text files from government offices come as UTF-8 (with or without BOM) or GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(BAD_ENCODING)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<table" in head or b"<html" in head or b"<!doctype html" in head


def _zip_format(data: bytes) -> str | None:
    """Which Office package a zip is, from the parts it holds (None when it cannot be opened)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and _small_part(package, "mimetype") == ODS_MIMETYPE:
                return "ods"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return None
    return None


def _small_part(package: zipfile.ZipFile, name: str) -> bytes:
    """A part that should be a few bytes; a large one is not what it claims to be."""
    if package.getinfo(name).file_size > 256:
        return b""
    return package.read(name).strip()


def detect_format(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if data.startswith(XLSX_MAGIC):
        # A zip whose parts can't be told is read by its suffix; xlsx names the failure.
        return _zip_format(data) or _ZIP_SUFFIXES.get(suffix, "xlsx")
    if data.startswith(OLE2_MAGIC):
        return "doc" if suffix == ".doc" else "xls"
    if suffix == ".xlsx":
        # Some sites serve a web page named .xlsx; say so rather than "broken zip".
        raise ReadError(XLSX_IS_HTML if _looks_like_html(data.lstrip()) else XLSX_IS_NOT_XLSX)
    if suffix in _ZIP_SUFFIXES:
        return _ZIP_SUFFIXES[suffix]
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix == ".json" or data.lstrip()[:1] in (b"[", b"{"):
        return "json"
    if _looks_like_html(data):
        return "html"
    return _OLE2_SUFFIXES.get(suffix, "text")


def read_table(name: str, data: bytes, hints: TableHints) -> SourceTable:
    """Read any supported file (text, HTML, xlsx, xls, ods, docx, csv, JSON) as a `SourceTable`.

    Whatever is wrong with the file, the caller gets a `ReadError` with a Chinese message."""
    try:
        table = _read(name, data, hints)
        check_controls(table, hints)
        return table
    except ReadError:
        raise
    except Exception as error:
        # A reader stumbling over a foreign file is a bug worth a log line, but the office
        # still gets a message it can act on, never an English exception text.
        logger.exception("Reading %r failed unexpectedly", name)
        raise ReadError(UNREADABLE.format(name=Path(name).name)) from error


def _read(name: str, data: bytes, hints: TableHints) -> SourceTable:
    fmt = detect_format(name, data)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data, hints)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, hints)
    if fmt in {"xls", "ods"}:
        from .xls import read_old_spreadsheet

        return read_old_spreadsheet(data, hints, fmt)
    if fmt == "doc":
        raise ReadError(OLD_WORD_REFUSED)
    text = decode_text(data)
    if fmt == "html" or "<table" in text[:200000].lower():
        from .html import read_html

        return read_html(text, hints)
    if fmt == "json":
        from .json import read_json

        return read_json(text, hints)
    if fmt == "csv":
        from .csv import read_csv

        return read_csv(text, hints)
    from .text import read_text

    return read_text(text, hints)
