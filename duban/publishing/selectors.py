"""Reads for the public pages: only the frozen snapshots, never the working ledger."""

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from duban.exports.table import PrintedRow, PrintedTable

from .models import Publication, PublishedRow


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
