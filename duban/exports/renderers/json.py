"""The table as JSON: a list of rows {seq, task, progress, lead: [...], status} in table order."""

import json

from duban.exports.table import PrintedTable


def render_json(table: PrintedTable) -> bytes:
    rows = [row.as_dict() for row in table.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
