"""Renderers: how a `PrintedTable` becomes text, HTML, xlsx, csv, JSON or PDF bytes."""

from collections.abc import Callable

from duban.exports.download import CONTENT_TYPES, EXTENSIONS
from duban.exports.table import PrintedTable

from .csv import render_csv
from .html import render_html
from .json import render_json
from .pdf import render_pdf
from .text import render_text
from .xlsx import render_xlsx

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "RENDERERS", "render_table"]

RENDERERS: dict[str, Callable[[PrintedTable], bytes]] = {
    "text": render_text,
    "html": render_html,
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "pdf": render_pdf,
}


def render_table(table: PrintedTable, fmt: str) -> bytes:
    return RENDERERS[fmt](table)
