"""The progress table's columns: fields, header synonyms, roles, and the hints for readers."""

import re

from duban.core.status import known_status_labels
from duban.imports.readers import TableHints
from duban.imports.readers.base import Role
from duban.orgs import naming
from duban.orgs.selectors import DepartmentDirectory

# Header synonyms seen on government pages, spreadsheets and breakdown tables.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序", "项目编号"),
    "task": (
        "主要工作任务",
        "工作任务",
        "重点工作任务",
        "重点工作",
        "主要任务",
        "任务内容",
        "工作内容",
        "内容与要求",
        "目标任务",
        "任务",
        "目标任务内容",
    ),
    "progress": (
        "进展情况",
        "完成情况",
        "推进情况",
        "工作进展",
        "进展",
        "落实情况",
        "执行情况",
        "半年度完成情况",
        "三季度进展情况",
        "上半年进展情况",
        "进展及成效",
    ),
    "departments": (
        "牵头部门",
        "牵头单位",
        "责任单位",
        "责任部门",
        "承办单位",
        "主办单位",
        "牵头责任单位",
        "牵头(责任)单位",
        "责任单位(牵头单位列第一位)",
    ),
    "status": ("进展状态", "完成进度", "进度状态", "状态", "推进状态", "完成状态", "进度"),
    "leader": ("牵头领导", "责任领导", "分管领导", "牵头市领导"),
}
# Printed names of the fields, for messages.
HEADER_LABELS = {
    "seq": "序号",
    "task": "主要工作任务",
    "progress": "进展情况",
    "departments": "牵头部门",
    "status": "进展状态",
    "leader": "牵头领导",
}

_HEADER_INDEX = {synonym: f for f, synonyms in HEADER_SYNONYMS.items() for synonym in synonyms}
_BRACKETS_RE = re.compile(r"[((][^))]*[))]$")

ROLES = {
    "seq": Role.KEY,
    "task": Role.TEXT,
    "progress": Role.PARAGRAPHS,
    "departments": Role.LIST,
    "status": Role.LABEL,
    "leader": Role.TEXT,
}
REQUIRED_FIELDS = ("task", "progress", "departments")
_STATUS_LABELS = known_status_labels()


def field_for_header(text: str) -> str | None:
    """The field a header names, by synonym; a trailing "(…)" note is ignored."""
    if text in _HEADER_INDEX:
        return _HEADER_INDEX[text]
    bare = _BRACKETS_RE.sub("", text)
    return _HEADER_INDEX.get(bare)


def table_hints(directory: DepartmentDirectory) -> TableHints:
    return TableHints(
        field_for_header=field_for_header,
        roles=ROLES,
        is_label=lambda text: text in _STATUS_LABELS,
        is_list_line=lambda text: naming.is_unit_line(text, directory.is_known),
        required=REQUIRED_FIELDS,
        labels=HEADER_LABELS,
    )
