"""Renderers: how a `PrintedTable` becomes text, HTML, xlsx, csv, JSON or PDF bytes."""

from collections.abc import Callable

from duban.exports.table import PrintedTable

from .csv import render_csv
from .html import render_html
from .json import render_json
from .pdf import render_pdf
from .text import render_text
from .xlsx import render_xlsx

RENDERERS: dict[str, Callable[[PrintedTable], bytes]] = {
    "text": render_text,
    "html": render_html,
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "pdf": render_pdf,
}

CONTENT_TYPES = {
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
}

EXTENSIONS = {
    "text": "txt",
    "html": "html",
    "xlsx": "xlsx",
    "csv": "csv",
    "json": "json",
    "pdf": "pdf",
}


def render_table(table: PrintedTable, fmt: str) -> bytes:
    return RENDERERS[fmt](table)
