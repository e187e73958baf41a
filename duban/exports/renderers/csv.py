"""The table as CSV (UTF-8 with BOM so Excel opens Chinese text correctly)."""

import csv
import io

from duban.exports.table import COLUMNS, PrintedTable


def render_csv(table: PrintedTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table.rows:
        writer.writerow([row.seq, row.task, row.progress, row.departments_text, row.status_label])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
