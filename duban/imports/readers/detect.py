"""Pick the reader for a file from its name and first bytes."""

from pathlib import Path

from .base import ReadError, SourceTable, TableHints

XLSX_MAGIC = b"PK\x03\x04"


def decode_text(data: bytes) -> str:
    """Text files from government offices come as UTF-8 (with or without BOM) or GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("文件编码无法识别(请使用 UTF-8 或 GB18030 编码)。")


def detect_format(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if data.startswith(XLSX_MAGIC) or suffix == ".xlsx":
        return "xlsx"
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix == ".json" or data.lstrip()[:1] in (b"[", b"{"):
        return "json"
    head = data[:2048].lower()
    if b"<table" in head or b"<html" in head or b"<!doctype html" in head:
        return "html"
    return "text"


def read_table(name: str, data: bytes, hints: TableHints) -> SourceTable:
    """Read any supported file (text rendering, HTML, xlsx, csv, JSON) as a `SourceTable`."""
    fmt = detect_format(name, data)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data, hints)
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
