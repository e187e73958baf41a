"""Renderers: how a `PrintedTable` becomes text, HTML, xlsx, csv or JSON bytes."""

from collections.abc import Callable

from duban.exports.table import PrintedTable

from .csv import render_csv
from .html import render_html
from .json import render_json
from .text import render_text
from .xlsx import render_xlsx

RENDERERS: dict[str, Callable[[PrintedTable], bytes]] = {
    "text": render_text,
    "html": render_html,
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
}

CONTENT_TYPES = {
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}

EXTENSIONS = {"text": "txt", "html": "html", "xlsx": "xlsx", "csv": "csv", "json": "json"}


def render_table(table: PrintedTable, fmt: str) -> bytes:
    return RENDERERS[fmt](table)
