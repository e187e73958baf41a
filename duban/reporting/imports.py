"""The progress table (进展表) import spec: what its columns mean and how a row is checked.

Readers (`duban.imports.readers`) turn a file into rows of cell texts; this module maps
headers by synonyms, reads each row into a `RowDraft`, and lists every problem with its row
number. `duban.reporting.services.progress_table_apply` writes the drafts, all or nothing.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from duban.core.status import StatusProfile, known_status_labels
from duban.imports.readers import SourceRow, SourceTable, TableHints
from duban.imports.readers.base import HEADER_LABELS, LAYOUT_SPACE, Role
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

_SEQ_RE = re.compile(r"^\d{1,4}$")
# A row naming the leader who leads the tasks below it (湖州: "洪湖鹏市长主抓重点工作").
_LEADER_GROUP_RE = re.compile(
    r"^(?P<leader>.{1,12}?(?:常务副市长|副市长|市长|书记|主任))(?:主抓|牵头|分管|负责)"
)
# ★ marks the lead unit when it is not printed first.
LEAD_MARK = "★"
_STATUS_LABELS = known_status_labels()

# Problem messages (asserted in tests).
ROW_CUT_OFF = "{where}:行不完整,缺少{fields}。"
ROW_EMPTY_FIELD = "{where}:「{field}」为空。"
ROW_BAD_SEQ = "{where}:序号「{seq}」不是数字。"
ROW_DUPLICATE_SEQ = "{where}:序号「{seq}」与第{other}行重复。"
ROW_BAD_STATUS = "{where}:进展状态「{label}」不在本计划的状态词表中({vocabulary})。"
ROW_ORPHAN_SUBROW = "{where}:无序号的子项前面没有带序号的任务。"
ROW_BAD_DEPARTMENTS = "{where}:无法从「{text}」中读出单位名称。"
UNKNOWN_DEPARTMENT = "{where}:单位「{name}」不在组织机构中,需确认新建或对应到已有单位。"


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
    )


@dataclass
class RowDraft:
    """One table row, read and checked, ready to be written."""

    number: int
    where: str
    seq: str
    task: str
    progress: str
    departments_text: str
    department_names: list[str]
    status: str  # canonical code, "" when none printed
    status_label: str
    leader: str = ""


@dataclass
class TablePreview:
    """Everything the office sees before confirming an import."""

    drafts: list[RowDraft]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)  # in order of appearance
    matched_departments: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    format: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        statuses = Counter(d.status_label for d in self.drafts if d.status_label)
        return {
            "format": self.format,
            "rows": len(self.drafts),
            "numbered_tasks": sum(1 for d in self.drafts if d.seq),
            "sub_rows": sum(1 for d in self.drafts if not d.seq),
            "status_counts": dict(statuses.most_common()),
            "empty_status": sum(1 for d in self.drafts if not d.status_label),
            "departments": {
                "matched": len(self.matched_departments),
                "new": len(self.new_departments),
                "new_names": list(self.new_departments),
            },
            "meta": dict(self.meta),
            "warnings": list(self.warnings),
            "problems": list(self.problems),
        }


def preview_table(
    table: SourceTable, *, profile: StatusProfile, directory: DepartmentDirectory
) -> TablePreview:
    """Check every row of `table`; nothing is written here."""
    preview = TablePreview(drafts=[], meta=dict(table.meta), format=table.format)
    if table.ignored_headers:
        preview.warnings.append(
            "未识别的列已忽略:" + "、".join(f"「{h}」" for h in table.ignored_headers)
        )
    if "status" not in table.fields:
        preview.warnings.append("表格没有「进展状态」列,各任务的状态将为空。")
    leader = ""
    seen_seq: dict[str, int] = {}
    new_names: dict[str, None] = {}
    matched: dict[str, None] = {}
    has_numbered_task = False
    for row in table.rows:
        group = _leader_group(row)
        if group is not None:
            leader = group
            preview.warnings.append(f"{row.where}:分组行,其下任务的牵头领导为「{leader}」。")
            continue
        draft = _draft(row, profile, preview.problems)
        if draft is None:
            continue
        draft.leader = draft.leader or leader
        if draft.seq:
            has_numbered_task = True
            if draft.seq in seen_seq:
                preview.problems.append(
                    ROW_DUPLICATE_SEQ.format(
                        where=row.where, seq=draft.seq, other=seen_seq[draft.seq]
                    )
                )
            seen_seq[draft.seq] = row.number
        elif not has_numbered_task:
            preview.problems.append(ROW_ORPHAN_SUBROW.format(where=row.where))
        for name in draft.department_names:
            unit = directory.resolve(name)
            if unit is not None:
                matched[unit.name] = None
            elif name not in new_names:
                new_names[name] = None
                if not directory.is_empty:
                    preview.warnings.append(UNKNOWN_DEPARTMENT.format(where=row.where, name=name))
        preview.drafts.append(draft)
    preview.new_departments = list(new_names)
    preview.matched_departments = list(matched)
    return preview


def _leader_group(row: SourceRow) -> str | None:
    """The leader named by a grouping row (a row of one text spread over the table), if any."""
    texts = {text.strip(LAYOUT_SPACE) for text in row.cells.values() if text.strip(LAYOUT_SPACE)}
    if len(texts) != 1:
        return None
    match = _LEADER_GROUP_RE.match(texts.pop())
    return match.group("leader") if match else None


def _draft(row: SourceRow, profile: StatusProfile, problems: list[str]) -> RowDraft | None:
    cells = row.cells
    if row.missing:
        labels = "、".join(f"「{HEADER_LABELS.get(f, f)}」" for f in row.missing)
        problems.append(ROW_CUT_OFF.format(where=row.where, fields=labels))
        return None
    seq = cells.get("seq", "").strip(LAYOUT_SPACE)
    if "seq" in row.carried:
        seq = ""  # a 序号 spanning several rows: the rows below it are its sub-items
    if seq and not _SEQ_RE.match(seq):
        problems.append(ROW_BAD_SEQ.format(where=row.where, seq=seq))
        return None
    task = cells.get("task", "").strip(LAYOUT_SPACE)
    progress = "\n".join(
        p.strip(LAYOUT_SPACE)
        for p in cells.get("progress", "").split("\n")
        if p.strip(LAYOUT_SPACE)
    )
    departments_text = cells.get("departments", "").strip(LAYOUT_SPACE)
    ok = True
    for field_name, value in (
        ("task", task),
        ("progress", progress),
        ("departments", departments_text),
    ):
        if not value:
            problems.append(
                ROW_EMPTY_FIELD.format(where=row.where, field=HEADER_LABELS[field_name])
            )
            ok = False
    unit_text = departments_text.replace("\n", "、").replace(LEAD_MARK, "")
    names = _lead_first(naming.read_unit_names(unit_text) or [], departments_text)
    if departments_text and not names:
        problems.append(ROW_BAD_DEPARTMENTS.format(where=row.where, text=departments_text))
        ok = False
    label = cells.get("status", "").strip(LAYOUT_SPACE)
    status = ""
    if label:
        status = profile.status_for(label) or ""
        if not status:
            problems.append(
                ROW_BAD_STATUS.format(
                    where=row.where, label=label, vocabulary="、".join(profile.vocabulary)
                )
            )
            ok = False
    if not ok:
        return None
    return RowDraft(
        number=row.number,
        where=row.where,
        seq=seq,
        task=task,
        progress=progress,
        departments_text=departments_text,
        department_names=_unique(names or []),
        status=status,
        status_label=label,
        leader=cells.get("leader", "").strip(LAYOUT_SPACE),
    )


def _lead_first(names: list[str], printed: str) -> list[str]:
    """Move the unit marked ★ to the front: the first unit is the lead."""
    if LEAD_MARK not in printed:
        return names
    starred = [n for n in names if f"{LEAD_MARK}{n}" in printed]
    return starred + [n for n in names if n not in starred]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
