"""Publishing: freezing a period's table into an immutable snapshot."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.core.audit import record_event, user_or_none
from duban.core.audit_verbs import AuditVerb
from duban.core.exceptions import DomainError
from duban.reporting.models import ReportingPeriod
from duban.reporting.selectors import progress_table_rows

from .cache import period_pages_forget
from .models import Publication, PublicationWithdrawal, PublishedRow
from .published_files import published_files_write_on_commit
from .selectors import published_rows

DEFAULT_COLUMN = "政府工作报告重点任务及政府绩效考核执行情况"
DEFAULT_SOURCE = "市政府办公室"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
NOTHING_TO_PUBLISH = "该期次没有任何任务,无法发布。"
CORRECTION_NEEDS_NOTE = "该期次已发布过;发布更正版本需填写更正说明。"
WITHDRAWAL_NEEDS_NOTE = "撤回须填写撤回说明(公开页面将显示)。"
ALREADY_WITHDRAWN = "「{title}」第{version}版已于{date}撤回。"


@transaction.atomic
def publication_create(
    *,
    period: ReportingPeriod,
    published_at: datetime.datetime,
    source: str = DEFAULT_SOURCE,
    column: str = DEFAULT_COLUMN,
    correction_note: str = "",
    actor: Any,
) -> Publication:
    """Freeze the period's table as the public will see it.

    A period published before gets a new version, which must say what it corrects; the
    earlier versions stay retrievable as they were.
    """
    rows = progress_table_rows(period=period)
    if not rows:
        raise DomainError(NOTHING_TO_PUBLISH)
    # Lock the period so two publications cannot take the same version number.
    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
    latest = Publication.objects.filter(period=period).aggregate(v=Max("version"))["v"] or 0
    if latest and not correction_note.strip():
        raise DomainError(CORRECTION_NEEDS_NOTE)
    publication = Publication(
        period=period,
        version=latest + 1,
        column=column,
        title=f"{period.plan.title}({period.label})",
        published_at=published_at,
        source=source,
        correction_note=correction_note.strip(),
        created_by=user_or_none(actor),
    )
    publication.full_clean()
    publication.save()
    PublishedRow.objects.bulk_create(
        PublishedRow(
            publication=publication,
            position=position,
            seq=row.seq,
            task=row.task,
            progress=row.progress,
            departments_text=row.departments_text,
            departments=row.departments,
            status=row.status,
            status_label=row.status_label,
            unit_names="|" + "|".join(row.unit_names) + "|" if row.unit_names else "",
            baseline_note=row.baseline_note,
        )
        for position, row in enumerate(rows, start=1)
    )
    transaction.on_commit(lambda: period_pages_forget(period_id=period.pk))
    transaction.on_commit(lambda: published_files_write_on_commit(publication))
    record_event(
        actor=actor,
        verb="publishing.publish",
        target=publication,
        after={
            "version": publication.version,
            "rows": len(rows),
            "published_at": published_at.isoformat(),
        },
        reason=publication.correction_note,
    )
    return publication


@transaction.atomic
def publication_withdraw(
    *, publication: Publication, note: str, actor: Any
) -> PublicationWithdrawal:
    """Withdraw (撤回) a published version: its URL then shows the note and the date instead
    of the table, its files are no longer served, and the period's cached pages are cleared."""
    if not note.strip():
        raise DomainError(WITHDRAWAL_NEEDS_NOTE)
    Publication.objects.select_for_update().filter(pk=publication.pk).first()
    earlier = PublicationWithdrawal.objects.filter(publication=publication).first()
    if earlier is not None:
        raise DomainError(
            ALREADY_WITHDRAWN.format(
                title=publication.title,
                version=publication.version,
                date=timezone.localtime(earlier.withdrawn_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    withdrawal = PublicationWithdrawal(
        publication=publication,
        note=note.strip(),
        withdrawn_at=timezone.now(),
        withdrawn_by=user_or_none(actor),
    )
    withdrawal.full_clean()
    withdrawal.save()
    period_id = publication.period_id
    transaction.on_commit(lambda: period_pages_forget(period_id=period_id))
    # The published files say so too: the page shows the note, the downloads are removed.
    transaction.on_commit(lambda: published_files_write_on_commit(publication))
    record_event(
        actor=actor,
        verb=AuditVerb.WITHDRAW,
        target=publication,
        after={"version": publication.version, "withdrawn": True},
        reason=withdrawal.note,
    )
    return withdrawal


def publication_create_unless_unchanged(
    *,
    period: ReportingPeriod,
    published_at: datetime.datetime,
    source: str = DEFAULT_SOURCE,
    correction_note: str = "",
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


def imported_period_publish(
    *,
    period: ReportingPeriod,
    page_meta: dict[str, str],
    published_at: datetime.datetime | None = None,
    source: str = "",
    correction_note: str = "",
    actor: Any,
) -> Publication:
    """Publish a period just imported from a page, by default with the page's date and source.

    `page_meta` is what the reader found above the table (`published_at`, `source`).
    """
    return publication_create_unless_unchanged(
        period=period,
        published_at=(
            published_at or parse_published_at(page_meta.get("published_at", "")) or timezone.now()
        ),
        source=source or page_meta.get("source", "") or DEFAULT_SOURCE,
        correction_note=correction_note,
        actor=actor,
    )


def parse_published_at(text: str) -> datetime.datetime | None:
    """A page's 发布日期 (YYYY-MM-DD HH:MM, or a bare date) in Shanghai time."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    return None
