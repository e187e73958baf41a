"""Reads of publications. The public pages read only the frozen snapshots; the office's
export (`table_for_export`) reads the live table beside its latest publication.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.exports.table import PrintedRow, PrintedTable
from duban.ledger.models import DEFAULT_TITLE
from duban.orgs.selectors import government_get
from duban.reporting.choices import ReportState
from duban.reporting.models import ProgressReport, ReportingPeriod
from duban.reporting.selectors import period_get, progress_table_rows

from .models import Publication, PublicationWithdrawal, PublishedRow

PERIOD_NOT_FOUND = "没有找到 {government}{year}年「{period}」的进展表。"
# What looks wrong before publishing: each names how many rows and which (by 序号).
PREVIEW_BLANK_PROGRESS = "{count}项任务的进展情况为空:{rows}"
PREVIEW_UNDECIDED = "{count}项任务尚未认定进展状态(公开页将显示“—”):{rows}"
PREVIEW_UNAPPROVED = "{count}项任务的进展报告尚未审核通过:{rows}"
PREVIEW_ROWS_SHOWN = 20


@dataclass(frozen=True)
class PublishPreview:
    """Exactly the rows a publication of the period would freeze, and what looks wrong."""

    rows: list[PrintedRow]
    warnings: list[str]


def _row_names(seqs: list[str]) -> str:
    shown = [f"第{seq}项" if seq else "(子项)" for seq in seqs[:PREVIEW_ROWS_SHOWN]]
    more = f"等{len(seqs)}项" if len(seqs) > PREVIEW_ROWS_SHOWN else ""
    return "、".join(shown) + more


def publish_preview(*, period: ReportingPeriod) -> PublishPreview:
    """The period's table as the public would see it, with the warnings the office must
    read first: blank 进展情况, undecided statuses, reports not yet approved."""
    rows = progress_table_rows(period=period)
    blank = [r.seq for r in rows if not r.progress.strip()]
    undecided = [r.seq for r in rows if not r.status]
    unapproved = list(
        ProgressReport.objects.filter(period=period)
        .exclude(state=ReportState.APPROVED)
        .order_by("task__position")
        .values_list("task__seq", flat=True)
    )
    warnings = [
        template.format(count=len(seqs), rows=_row_names(seqs))
        for template, seqs in (
            (PREVIEW_BLANK_PROGRESS, blank),
            (PREVIEW_UNDECIDED, undecided),
            (PREVIEW_UNAPPROVED, unapproved),
        )
        if seqs
    ]
    return PublishPreview(rows=rows, warnings=warnings)


def publication_list_public() -> list[Publication]:
    """The latest version of every published period, newest first."""
    latest_ids = (
        Publication.objects.values("period_id")
        .annotate(latest=Max("id"))
        .values_list("latest", flat=True)
    )
    return list(
        Publication.objects.filter(id__in=list(latest_ids))
        .annotate(
            withdrawn=Exists(PublicationWithdrawal.objects.filter(publication=OuterRef("pk")))
        )
        .order_by("-published_at", "-id")
    )


def publication_withdrawal(*, publication: Publication) -> PublicationWithdrawal | None:
    """The withdrawal of a published version, if it was withdrawn (no query when the
    publication came from `publication_get_public`, which joins it)."""
    withdrawal: PublicationWithdrawal | None = getattr(publication, "withdrawal", None)
    return withdrawal


def publication_get_public(*, pk: int) -> Publication | None:
    return (
        Publication.objects.select_related("period", "period__plan", "withdrawal")
        .filter(pk=pk)
        .first()
    )


def publication_versions(*, publication: Publication) -> list[Publication]:
    return list(Publication.objects.filter(period_id=publication.period_id).order_by("version"))


def published_rows(
    *, publication: Publication, status: str = "", department: str = "", query: str = ""
) -> QuerySet[PublishedRow]:
    """Rows of a snapshot, optionally filtered by status label, unit name and search words."""
    rows = PublishedRow.objects.filter(publication=publication).order_by("position")
    if status:
        rows = rows.filter(status_label=status)
    if department:
        rows = rows.filter(unit_names__contains=f"|{department}|")
    for word in query.split():
        rows = rows.filter(
            Q(task__icontains=word)
            | Q(progress__icontains=word)
            | Q(departments_text__icontains=word)
        )
    return rows


def printed_table(
    *, publication: Publication, rows: list[PublishedRow] | None = None
) -> PrintedTable:
    """A snapshot in the shape the renderers take."""
    if rows is None:
        rows = list(published_rows(publication=publication))
    return PrintedTable(
        title=publication.title,
        column=publication.column,
        published_at=timezone.localtime(publication.published_at).strftime("%Y-%m-%d %H:%M"),
        source=publication.source,
        correction_note=publication.correction_note,
        rows=[
            PrintedRow(
                seq=row.seq,
                task=row.task,
                progress=row.progress,
                departments_text=row.departments_text,
                departments=list(row.departments),
                status=row.status,
                status_label=row.status_label,
            )
            for row in rows
        ],
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


def publication_summary(publication: Publication) -> dict[str, Any]:
    """A publication in the import summary's "published" entry (`import_table --json`)."""
    return {
        "id": publication.pk,
        "version": publication.version,
        "title": publication.title,
        "published_at": timezone.localtime(publication.published_at).strftime("%Y-%m-%d %H:%M"),
        "source": publication.source,
    }
