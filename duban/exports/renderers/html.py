"""The table as a standalone HTML page in the government-site layout."""

from django.template.loader import render_to_string

from duban.exports.table import COLUMNS, PrintedTable


def render_html(table: PrintedTable) -> bytes:
    html = render_to_string("exports/table_standalone.html", {"table": table, "columns": COLUMNS})
    return html.encode("utf-8")
