"""Background entry points for imports: load the batch by id, call the service."""

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django_tasks import task

from .models import ImportBatch, ImportStatus
from .services import import_batch_apply, import_batch_read

logger = logging.getLogger(__name__)

# The database's own text is English and names tables; the office reads this instead (the
# log keeps the original).
DATABASE_REFUSED = "数据库拒绝了这次写入(可能有另一项导入同时进行),未写入任何数据,请稍后重试。"


def _run(batch_id: int, step: Callable[..., ImportBatch], failure: str) -> None:
    """Run one step; anything unexpected still leaves the batch in a state the page explains."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        step(batch=batch)
    except Exception as error:
        logger.exception("import %s failed: %s", batch_id, failure)
        shown = DATABASE_REFUSED if isinstance(error, DatabaseError) else error
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED, error=f"{failure}:{shown}"
        )
        raise


@task()
def read_import_job(batch_id: int) -> None:
    """Read and check an uploaded file (the preview)."""
    _run(batch_id, import_batch_read, "读取文件时出错")


@task()
def apply_import_job(batch_id: int) -> None:
    """Write a confirmed import into the ledger (all or nothing)."""
    _run(batch_id, import_batch_apply, "写入时出错,未写入任何数据")
