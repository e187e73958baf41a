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

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: {seq, task, progress, lead: [...], status}."""
        return {
            "seq": self.seq,
            "task": self.task,
            "progress": self.progress,
            "lead": list(self.departments),
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
