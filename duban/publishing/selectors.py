"""Reads of publications. The public pages read only the frozen snapshots; the office's
export (`table_for_export`) reads the live table beside its latest publication.
"""

from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from duban.core.exceptions import DomainError
from duban.exports.table import PrintedRow, PrintedTable
from duban.ledger.models import DEFAULT_TITLE
from duban.orgs.selectors import government_get
from duban.reporting.selectors import period_get, progress_table_rows

from .models import Publication, PublishedRow

PERIOD_NOT_FOUND = "没有找到 {government}{year}年「{period}」的进展表。"


def publication_list_public() -> list[Publication]:
    """The latest version of every published period, newest first."""
    latest_ids = (
        Publication.objects.values("period_id")
        .annotate(latest=Max("id"))
        .values_list("latest", flat=True)
    )
    return list(
        Publication.objects.filter(id__in=list(latest_ids)).order_by("-published_at", "-id")
    )


def publication_get_public(*, pk: int) -> Publication | None:
    return Publication.objects.select_related("period", "period__plan").filter(pk=pk).first()


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
