"""One row of a progress table: read into a `RowDraft` and checked, problems by row."""

import re
from dataclasses import dataclass

from duban.core.status import StatusProfile
from duban.imports.readers import SourceRow
from duban.imports.readers.base import LAYOUT_SPACE
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


def leader_group(row: SourceRow) -> str | None:
    """The leader named by a grouping row (a row of one text spread over the table), if any."""
    texts = {text.strip(LAYOUT_SPACE) for text in row.cells.values() if text.strip(LAYOUT_SPACE)}
    if len(texts) != 1:
        return None
    match = _LEADER_GROUP_RE.match(texts.pop())
    return match.group("leader") if match else None


def row_draft(row: SourceRow, profile: StatusProfile, problems: list[str]) -> RowDraft | None:
    """The row read and checked; None (with its problems appended) when it cannot be used."""
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
    names = lead_first(naming.read_unit_names(unit_text) or [], departments_text)
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
        department_names=list(dict.fromkeys(names or [])),
        status=status,
        status_label=label,
        leader=cells.get("leader", "").strip(LAYOUT_SPACE),
    )


def lead_first(names: list[str], printed: str) -> list[str]:
    """Move the unit marked ★ to the front: the first unit is the lead."""
    if LEAD_MARK not in printed:
        return names
    starred = [n for n in names if f"{LEAD_MARK}{n}" in printed]
    return starred + [n for n in names if n not in starred]
