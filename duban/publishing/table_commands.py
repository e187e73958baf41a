"""The use cases behind `import_table` and `export_table`, shared by the commands and the demo."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.core.status import get_profile
from duban.exports.table import PrintedTable
from duban.ledger.services import DEFAULT_TITLE
from duban.orgs.selectors import DepartmentDirectory, government_get
from duban.reporting.imports import TablePreview
from duban.reporting.models import ReportingPeriod
from duban.reporting.selectors import period_get, progress_table_rows
from duban.reporting.services.table import (
    DepartmentDecision,
    progress_table_apply,
    progress_table_preview,
)

from .models import Publication
from .selectors import published_rows
from .services import DEFAULT_SOURCE, publication_create

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
PERIOD_NOT_FOUND = "没有找到 {government}{year}年「{period}」的进展表。"


@dataclass
class TableImportOutcome:
    """What an import did (or, in a dry run or on problems, would do)."""

    preview: TablePreview
    applied: bool = False
    period: ReportingPeriod | None = None
    publication: Publication | None = None
    created_departments: list[str] = field(default_factory=list)
    aliased_departments: list[str] = field(default_factory=list)
    undecided_departments: list[str] = field(default_factory=list)
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
        if self.publication is not None:
            data["published"] = {
                "id": self.publication.pk,
                "version": self.publication.version,
                "title": self.publication.title,
                "published_at": timezone.localtime(self.publication.published_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                "source": self.publication.source,
            }
        return data


def table_import(
    *,
    name: str,
    data: bytes,
    government: str,
    year: int,
    period: str,
    as_of: datetime.date,
    profile: str = "jiaxing",
    dry_run: bool = False,
    decisions: dict[str, DepartmentDecision] | None = None,
    create_departments: bool = False,
    publish: bool = False,
    published_at: datetime.datetime | None = None,
    source: str = "",
    correction_note: str = "",
    actor: Any = None,
) -> TableImportOutcome:
    """Read, check and (unless a dry run) write a table file; optionally publish the period."""
    preview = progress_table_preview(
        name=name, data=data, government_name=government, profile=get_profile(profile)
    )
    outcome = TableImportOutcome(preview=preview)
    directory = DepartmentDirectory.for_government(government_get(name=government))
    decisions = dict(decisions or {})
    if create_departments:
        for new_name in preview.new_departments:
            decisions.setdefault(new_name, DepartmentDecision(action="create"))
    if not directory.is_empty:
        outcome.undecided_departments = [n for n in preview.new_departments if n not in decisions]
    if dry_run or not preview.is_valid or outcome.undecided_departments:
        return outcome
    title = preview.meta.get("title", "")
    suffix = f"({period})"
    title = title.removesuffix(suffix) if title.endswith(suffix) else ""
    result = progress_table_apply(
        preview=preview,
        government_name=government,
        year=year,
        period_label=period,
        as_of=as_of,
        decisions=decisions,
        title=title,
        status_profile=profile,
        actor=actor,
    )
    outcome.applied, outcome.period = True, result.period
    outcome.created_departments = result.created_departments
    outcome.aliased_departments = result.aliased_departments
    if publish:
        when = (
            published_at
            or parse_published_at(preview.meta.get("published_at", ""))
            or timezone.now()
        )
        outcome.publication = _publish_unless_unchanged(
            period=result.period,
            published_at=when,
            source=source or preview.meta.get("source", "") or DEFAULT_SOURCE,
            correction_note=correction_note,
            actor=actor,
        )
    return outcome


def parse_published_at(text: str) -> datetime.datetime | None:
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    return None


def _publish_unless_unchanged(
    *,
    period: ReportingPeriod,
    published_at: datetime.datetime,
    source: str,
    correction_note: str,
    actor: Any,
) -> Publication:
    """Publish; when the latest version already shows exactly these rows, keep it."""
    latest = Publication.objects.filter(period=period).order_by("-version").first()
    if latest is not None:
        frozen = [
            (r.seq, r.task, r.progress, r.departments_text, r.status)
            for r in published_rows(publication=latest)
        ]
        live = [
            (r.seq, r.task, r.progress, r.departments_text, r.status)
            for r in progress_table_rows(period=period)
        ]
        if frozen == live:
            return latest
    return publication_create(
        period=period,
        published_at=published_at,
        source=source,
        correction_note=correction_note,
        actor=actor,
    )


def table_for_export(*, government: str, year: int, period: str) -> PrintedTable:
    """The period's live table, with the latest publication's date and source when published."""
    unit = government_get(name=government)
    found = period_get(government=unit, year=year, label=period) if unit else None
    if found is None:
        raise DomainError(PERIOD_NOT_FOUND.format(government=government, year=year, period=period))
    latest = Publication.objects.filter(period=found).order_by("-version").first()
    plan_title = found.plan.title or DEFAULT_TITLE.format(year=year, government=government)
    return PrintedTable(
        title=f"{plan_title}({period})",
        rows=progress_table_rows(period=found),
        column=latest.column if latest else "",
        published_at=(
            timezone.localtime(latest.published_at).strftime("%Y-%m-%d %H:%M") if latest else ""
        ),
        source=latest.source if latest else "",
    )
