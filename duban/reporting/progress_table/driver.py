"""The one way a progress table file gets into the ledger: read, check, decide, write.

The web upload (through the import kind in `upload.py`, preview and then apply on the
worker), the `import_table` command and the demo all call `progress_table_load`.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.imports.readers.layout import ColumnLayout
from duban.orgs.selectors import DepartmentDirectory, government_get

from ..models import ReportingPeriod
from .apply import (
    IMPORT_HAS_PROBLEMS,
    UNDECIDED_DEPARTMENTS,
    progress_table_apply,
    rows_against_plan,
)
from .decisions import CREATE, DepartmentDecision
from .preview import TablePreview, names_needing_decision, progress_table_preview

STATUS_WORDS_UNCONFIRMED = "以下进展状态不在本计划的状态词表中,请确认各对应哪个状态:{words}"


@dataclass
class TableImportOutcome:
    """What an import did (or, in a dry run or on problems, would do)."""

    preview: TablePreview
    applied: bool = False
    period: ReportingPeriod | None = None
    created_departments: list[str] = field(default_factory=list)
    aliased_departments: list[str] = field(default_factory=list)
    undecided_departments: list[str] = field(default_factory=list)
    unconfirmed_status_words: dict[str, str] = field(default_factory=dict)
    # In a dry run: what each row would do (`apply.ROW_NEW`…) and the conflicts to decide.
    row_marks: list[str] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    tasks_created: int = 0
    tasks_updated: int = 0
    error: str = ""

    def summary(self) -> dict[str, Any]:
        data = self.preview.summary()
        data["departments"].update(
            created=len(self.created_departments),
            created_names=self.created_departments,
            aliased_names=self.aliased_departments,
            undecided_names=self.undecided_departments,
        )
        data["applied"] = self.applied
        if self.error:
            data["error"] = self.error
        return data

    def refusal(self) -> DomainError:
        """Why a (not dry-run) import wrote nothing, for callers that must fail loudly."""
        if self.preview.problems:
            return DomainError(
                IMPORT_HAS_PROBLEMS.format(count=len(self.preview.problems)),
                {"problems": self.preview.problems},
            )
        if self.unconfirmed_status_words:
            words = "、".join(f"「{w}」" for w in self.unconfirmed_status_words)
            return DomainError(
                STATUS_WORDS_UNCONFIRMED.format(words=words),
                {"status_words": self.unconfirmed_status_words},
            )
        names = self.undecided_departments
        return DomainError(
            UNDECIDED_DEPARTMENTS.format(names="、".join(names)), {"undecided": names}
        )


def progress_table_load(
    *,
    name: str,
    data: bytes,
    government: str,
    year: int,
    period: str,
    as_of: datetime.date,
    profile: str = "jiaxing",
    decisions: Mapping[str, DepartmentDecision] | None = None,
    create_departments: bool = False,
    mapping: Mapping[str, str] | None = None,
    status_words: Mapping[str, str] | None = None,
    on_conflict: Mapping[str, str] | str | None = None,
    layout: ColumnLayout | None = None,
    layout_name: str = "",
    dry_run: bool = False,
    actor: Any,
    on_progress: Callable[[int, int], None] | None = None,
) -> TableImportOutcome:
    """Read and check a table file and, unless a dry run, write it (all or nothing).

    Nothing is written while the file has problems or a name outside the tree has no
    decision; the outcome says which (`summary()`, `refusal()`). `create_departments`
    decides "create" for every new name not otherwise decided. `mapping` (printed header →
    field) is the office's reading of the columns, `layout` its mapping by column position
    (the mapping step, or a saved layout: `layouts.py`); `status_words` maps printed status words
    to canonical statuses. `on_conflict` ("update" / "skip", or 序号 → one of them) settles
    rows whose 序号 matches an existing task with another text (else the import is refused,
    `matching.ROW_CONFLICT`). A table without a progress column is a start-of-year task list:
    tasks only, no period. Raises
    `duban.imports.readers.ReadError` when the file is not a table it can read.
    """
    preview = progress_table_preview(
        name=name,
        data=data,
        government_name=government,
        profile=get_profile(profile),
        mapping=mapping,
        status_words=status_words,
        layout=layout,
        layout_name=layout_name,
    )
    outcome = TableImportOutcome(preview=preview)
    decided = dict(decisions or {})
    if create_departments:
        for new_name in preview.new_departments:
            decided.setdefault(new_name, DepartmentDecision(action=CREATE))
    directory = DepartmentDirectory.for_government(government_get(name=government))
    outcome.undecided_departments = names_needing_decision(preview, directory, decided)
    outcome.unconfirmed_status_words = dict(preview.status_words)
    if dry_run:
        outcome.row_marks, outcome.conflicts = rows_against_plan(
            government_name=government, year=year, drafts=preview.drafts
        )
    if (
        dry_run
        or not preview.is_valid
        or outcome.undecided_departments
        or outcome.unconfirmed_status_words
    ):
        return outcome
    result = progress_table_apply(
        preview=preview,
        government_name=government,
        year=year,
        period_label=period,
        as_of=as_of,
        decisions=decided,
        title=plan_title_from(preview.meta, period=period),
        status_profile=profile,
        on_conflict=on_conflict,
        actor=actor,
        on_progress=on_progress,
    )
    outcome.applied, outcome.period = True, result.period
    outcome.created_departments = result.created_departments
    outcome.aliased_departments = result.aliased_departments
    outcome.tasks_created, outcome.tasks_updated = result.tasks_created, result.tasks_updated
    return outcome


def plan_title_from(meta: Mapping[str, str], *, period: str) -> str:
    """The plan's title as the page prints it before "(期次)"; "" when it does not."""
    title = meta.get("title", "")
    suffix = f"({period})"
    return title.removesuffix(suffix) if title.endswith(suffix) else ""
