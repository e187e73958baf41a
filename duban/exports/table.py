"""A progress table as printed: the one shape every table export and snapshot shares."""

from dataclasses import dataclass, field

COLUMNS = ("序号", "主要工作任务", "进展情况", "牵头部门", "进展状态")


def units_cell(names: list[str]) -> str:
    """A 牵头部门 cell in the canonical layout: one unit a line, "、" after all but the last."""
    return "、\n".join(names)


@dataclass(frozen=True)
class PrintedRow:
    """One row as the public table prints it."""

    seq: str
    task: str
    progress: str  # paragraphs separated by "\n"
    departments_text: str  # the 牵头部门 cell as printed, lines separated by "\n"
    departments: list[str]  # printed unit names, lead first
    status: str  # canonical code or ""
    status_label: str  # as the plan's profile prints it
    unit_names: tuple[str, ...] = ()  # the units' names in the organization tree, lead first
    # "目标经批准调整:原 … → …(… 批准)" when an approved change moved the task's baseline.
    baseline_note: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.progress.split("\n") if p]

    @property
    def department_lines(self) -> list[str]:
        return [line for line in self.departments_text.split("\n") if line]

    @property
    def lead_units(self) -> list[str]:
        """The units of the 牵头 cell, by their names in the organization tree (交通运输局 and
        市交通运输局 are one unit); printed names where the row has no tree names (a snapshot)."""
        return self._canonical()[: self._lead_count()]

    @property
    def co_units(self) -> list[str]:
        """The other units (配合单位), by their names in the organization tree."""
        return self._canonical()[self._lead_count() :]

    def _canonical(self) -> list[str]:
        if len(self.unit_names) == len(self.departments):
            return list(dict.fromkeys(self.unit_names))
        return list(self.departments)

    def _lead_count(self) -> int:
        # Units are stored lead first; those printed in the 牵头 cell are the lead ones.
        printed = "".join(self.departments_text.split())
        count = 0
        for name in self.departments:
            if "".join(name.split()) not in printed:
                break
            count += 1
        return count or len(self.departments)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: {seq, task, progress, lead: [...], co: [...], departments_printed,
        status}; `lead`/`co` are canonical unit names, the printed cell is its own field."""
        return {
            "seq": self.seq,
            "task": self.task,
            "progress": self.progress,
            "lead": self.lead_units,
            "co": self.co_units,
            "departments_printed": self.departments_text,
            "status": self.status_label,
        }


@dataclass(frozen=True)
class PrintedTable:
    """A whole table with the page's header facts."""

    title: str
    rows: list[PrintedRow]
    column: str = ""
    published_at: str = ""  # "2021-09-08 17:17"
    source: str = ""
    correction_note: str = ""
    extra: dict[str, str] = field(default_factory=dict)
