"""One row of a progress table: read into a `RowDraft` and checked, problems by row."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from duban.core.status import StatusProfile
from duban.imports.readers import SourceRow
from duban.imports.readers.base import (
    LAYOUT_SPACE,
    REPEAT_MARK,
    UNKNOWN_PREFIX,
    base_field,
    is_understood,
)
from duban.orgs import naming

from .columns import HEADER_LABELS

_SEQ_RE = re.compile(r"^\d{1,4}$")
# A row naming the leader who leads the tasks below it (湖州: "洪湖鹏市长主抓重点工作").
_LEADER_GROUP_RE = re.compile(
    r"^(?P<leader>.{1,12}?(?:常务副市长|副市长|市长|书记|主任))(?:主抓|牵头|分管|负责)"
)
# ★ marks the lead unit when it is not printed first.
LEAD_MARK = "★"

# Problem messages (asserted in tests).
ROW_CUT_OFF = "{where}:行不完整,缺少{fields}。"
ROW_EMPTY_FIELD = "{where}:「{field}」为空。"
ROW_BAD_SEQ = "{where}:序号「{seq}」不是数字。"
ROW_DUPLICATE_SEQ = "{where}:序号「{seq}」与第{other}行重复。"
ROW_BAD_STATUS = "{where}:进展状态「{label}」不在本计划的状态词表中({vocabulary})。"
ROW_ORPHAN_SUBROW = "{where}:无序号的子项前面没有带序号的任务。"
ROW_BAD_DEPARTMENTS = "{where}:无法从「{text}」中读出单位名称。"


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
    co_text: str = ""  # the 配合单位 cell as printed
    co_names: list[str] = field(default_factory=list)
    deadline: str = ""
    targets: str = ""
    remarks: str = ""
    problems: str = ""
    next_steps: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # columns not understood: header → cell
    has_progress: bool = True  # False for a start-of-year task list (no progress column)
    # The printed status word when it is another government's (顺利推进), kept beside `status`.
    printed_status: str = ""

    @property
    def all_department_names(self) -> list[str]:
        """The lead first, then every other unit (responsible or co-operating), once each."""
        return list(dict.fromkeys(self.department_names + self.co_names))


# Labels inside a composite cell (进展情况、存在问题及下一步打算) and the field each starts.
_CELL_LABEL_RE = re.compile(
    r"(?:^|\n|(?<=[。;;]))\s*(?:[一二三四12345][、.．])?\s*"
    r"(?P<label>进展情况|工作进展|推进情况|完成情况|存在问题|存在困难|困难和问题|问题|"
    r"下一步打算|下步打算|下一步计划|下步计划|下一步工作|下步工作|下一步措施|下步措施)\s*[::]"
)
_LABEL_FIELDS = {
    "存在问题": "problems",
    "存在困难": "problems",
    "困难和问题": "problems",
    "问题": "problems",
}


def split_labelled(text: str) -> dict[str, str]:
    """A composite cell split by the labels it carries: progress, problems, next steps.

    Text before the first label (or a cell without labels) is the progress.
    """
    parts: dict[str, list[str]] = {"progress": [], "problems": [], "next_steps": []}
    matches = list(_CELL_LABEL_RE.finditer(text))
    if not matches:
        return {"progress": text}
    head = text[: matches[0].start()].strip(LAYOUT_SPACE)
    if head:
        parts["progress"].append(head)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = match.group("label")
        target = _LABEL_FIELDS.get(label, "next_steps" if label.startswith("下") else "progress")
        body = text[match.end() : end].strip(LAYOUT_SPACE)
        if body:
            parts[target].append(body)
    return {key: "\n".join(values) for key, values in parts.items() if values}


def joined_cells(row: SourceRow, field_name: str) -> str:
    """The cell of `field_name`, or the cells of every column sharing it, in column order."""
    values = [
        value.strip(LAYOUT_SPACE)
        for key, value in row.cells.items()
        if is_understood(key) and base_field(key) == field_name
    ]
    return "\n".join(dict.fromkeys(v for v in values if v))


def unknown_cells(row: SourceRow) -> dict[str, str]:
    """Columns not understood, kept with the row: printed header → cell."""
    kept: dict[str, str] = {}
    for key, value in row.cells.items():
        if not is_understood(key):
            header = key.removeprefix(UNKNOWN_PREFIX).split(REPEAT_MARK, 1)[0]
            text = value.strip(LAYOUT_SPACE)
            kept[header] = f"{kept[header]}\n{text}" if kept.get(header) else text
    return kept


def leader_group(row: SourceRow) -> str | None:
    """The leader named by a grouping row (a row of one text spread over the table), if any."""
    texts = {text.strip(LAYOUT_SPACE) for text in row.cells.values() if text.strip(LAYOUT_SPACE)}
    if len(texts) != 1:
        return None
    match = _LEADER_GROUP_RE.match(texts.pop())
    return match.group("leader") if match else None


def row_draft(
    row: SourceRow,
    profile: StatusProfile,
    problems: list[str],
    *,
    has_progress: bool = True,
    status_words: Mapping[str, str] | None = None,
) -> RowDraft | None:
    """The row read and checked; None (with its problems appended) when it cannot be used.

    `has_progress` is False for a start-of-year task list; `status_words` maps a printed
    word outside the plan's vocabulary to a canonical status (as the office confirmed it).
    """
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
    task = joined_cells(row, "task")
    parts = split_labelled(joined_cells(row, "progress"))
    lines = (p.strip(LAYOUT_SPACE) for p in parts.get("progress", "").split("\n"))
    progress = "\n".join(line for line in lines if line)
    departments_text = cells.get("departments", "").strip(LAYOUT_SPACE)
    ok = True
    required = [("task", task), ("departments", departments_text)]
    if has_progress:
        required.insert(1, ("progress", progress))
    for field_name, value in required:
        if not value:
            problems.append(
                ROW_EMPTY_FIELD.format(where=row.where, field=HEADER_LABELS[field_name])
            )
            ok = False
    unit_text = departments_text.replace("\n", "、").replace(LEAD_MARK, "")
    names = lead_first(naming.read_unit_names(unit_text) or [], departments_text)
    if departments_text and not names:
        problems.append(ROW_BAD_DEPARTMENTS.format(where=row.where, text=departments_text))
        ok = False
    co_text = joined_cells(row, "co_departments")
    co_names = naming.read_unit_names(co_text.replace("\n", "、")) or [] if co_text else []
    label = cells.get("status", "").strip(LAYOUT_SPACE)
    status = ""
    if label:
        words = status_words or {}
        status = profile.status_for(label) or words.get(label, "")
        if not status and label not in words:
            problems.append(
                ROW_BAD_STATUS.format(
                    where=row.where, label=label, vocabulary="、".join(profile.vocabulary)
                )
            )
            ok = False
    if not ok:
        return None
    problems_text = "\n".join(
        t for t in (parts.get("problems", ""), joined_cells(row, "problems")) if t
    )
    next_steps = "\n".join(
        t for t in (parts.get("next_steps", ""), joined_cells(row, "next_steps")) if t
    )
    return RowDraft(
        number=row.number,
        where=row.where,
        seq=seq,
        task=task,
        progress=progress,
        departments_text=departments_text,
        department_names=list(dict.fromkeys(names or [])),
        status=status,
        status_label=label,
        leader=cells.get("leader", "").strip(LAYOUT_SPACE),
        co_text=co_text,
        co_names=[n for n in dict.fromkeys(co_names) if n not in names],
        deadline=joined_cells(row, "deadline"),
        targets=joined_cells(row, "target"),
        remarks=joined_cells(row, "remarks"),
        problems=problems_text,
        next_steps=next_steps,
        extra=unknown_cells(row),
        has_progress=has_progress,
        printed_status=label if label and profile.status_for(label) is None else "",
    )


def lead_first(names: list[str], printed: str) -> list[str]:
    """Move the unit marked ★ to the front: the first unit is the lead."""
    if LEAD_MARK not in printed:
        return names
    starred = [n for n in names if f"{LEAD_MARK}{n}" in printed]
    return starred + [n for n in names if n not in starred]
