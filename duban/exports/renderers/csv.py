"""The table as CSV (UTF-8 with BOM so Excel opens Chinese text correctly)."""

import csv
import io

from duban.exports.table import COLUMNS, PrintedTable

from .cells import csv_cell


def render_csv(table: PrintedTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in COLUMNS])
    for row in table.rows:
        values = [row.seq, row.task, row.progress, row.departments_text, row.status_label]
        writer.writerow([csv_cell(value) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
