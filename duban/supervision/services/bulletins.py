"""Bulletins (通报): numbered per year, written as Word documents and kept."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duban.core.audit import SYSTEM, record_event, user_or_none
from duban.core.models import clean_own_fields
from duban.reporting.models import ReportingPeriod

from ..documents import bulletin_docx
from ..models import Bulletin
from ..permissions import can_make_bulletin
from ..selectors import bulletin_data
from .numbering import BULLETIN_SEQUENCE, next_number

BULLETIN_NOT_ALLOWED = "只有督查室可以生成通报。"


@transaction.atomic
def bulletin_create(
    *, period: ReportingPeriod, actor: Any, today: datetime.date | None = None
) -> Bulletin:
    """Number (第N期 of the plan's year, never reused), write and keep a bulletin on `period`.

    `actor` SYSTEM is the system (the `make_bulletin` command); a person must be the office.
    """
    if actor is not SYSTEM and not can_make_bulletin(actor):
        raise PermissionDenied(BULLETIN_NOT_ALLOWED)
    today = today or timezone.localdate()
    plan = period.plan
    data = bulletin_data(period=period, today=today)
    number = next_number(kind=BULLETIN_SEQUENCE, year=plan.year)
    content = bulletin_docx(data, number=number, issued=today)
    bulletin = Bulletin(
        plan=plan,
        period=period,
        year=plan.year,
        number=number,
        counts=data.counts(),
        summary=data.summary,
        created_by=user_or_none(actor),
    )
    bulletin.file.save(f"{plan.year}-{number}.docx", ContentFile(content), save=False)
    clean_own_fields(bulletin)
    bulletin.save()
    record_event(
        actor=actor,
        verb="supervision.bulletin_create",
        target=bulletin,
        after={"period": period.label, **bulletin.counts},
    )
    return bulletin


def bulletin_filename(bulletin: Bulletin) -> str:
    """The name a downloaded bulletin gets: 督查通报2021年第1期(上半年).docx."""
    return f"督查通报{bulletin.year}年第{bulletin.number}期({bulletin.period.label}).docx"
