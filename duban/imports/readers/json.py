"""A JSON export: a list of rows {seq, task, progress, lead: [...], status}.

The keys are the export's own; Chinese header names are accepted as keys too, so a JSON
file written by hand with 序号/主要工作任务/… reads the same way.
"""

import json

from duban.exports.table import units_cell

from .base import ReadError, SourceRow, SourceTable, TableHints, check_required
from .limits import ImportLimits

BAD_JSON = "JSON 格式错误(第{line}行第{column}列),请检查文件是否完整。"
TOO_DEEP = "JSON 文件嵌套层次过深,不是行的列表。"

# The export's keys and the fields they carry.
EXPORT_KEYS = {
    "seq": "seq",
    "task": "task",
    "progress": "progress",
    "lead": "departments",
    "co": "co_departments",
    "status": "status",
    "leader": "leader",
}


def read_json(content: str, hints: TableHints) -> SourceTable:
    limits = ImportLimits.from_settings()
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise ReadError(BAD_JSON.format(line=error.lineno, column=error.colno)) from error
    except RecursionError as error:
        raise ReadError(TOO_DEEP) from error
    if isinstance(data, dict):
        data = data.get("rows")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ReadError("JSON 文件应为行的列表:[{seq, task, progress, lead, status}, …]。")
    fields: list[str] = []
    rows: list[SourceRow] = []
    limits.check_row(len(data), f"第{len(data)}行")
    for number, item in enumerate(data, start=1):
        cells: dict[str, str] = {}
        limits.check_column(len(item), f"第{number}行")
        for key, value in item.items():
            field = EXPORT_KEYS.get(key) or hints.field_for_header(str(key))
            if field is None:
                continue
            if isinstance(value, list):
                value = units_cell([str(v) for v in value])
            cells[field] = "" if value is None else str(value)
            limits.check_text(cells[field], f"第{number}行")
            if field not in fields:
                fields.append(field)
        rows.append(SourceRow(number=number, cells=cells))
    check_required(fields, hints)
    return SourceTable(fields=fields, rows=rows, format="json")
