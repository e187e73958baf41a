"""Background entry points for imports: load the batch by id, call the service."""

import logging

from django_tasks import task

from .models import ImportBatch, ImportStatus
from .services import import_batch_apply, import_batch_read

logger = logging.getLogger(__name__)


@task()
def read_import_job(batch_id: int) -> None:
    """Read and check an uploaded file (the preview)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        import_batch_read(batch=batch)
    except Exception as error:
        # Anything unexpected still leaves the batch in a state the page can explain.
        logger.exception("import %s failed while reading", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED, error=f"读取文件时出错:{error}"
        )
        raise


@task()
def apply_import_job(batch_id: int) -> None:
    """Write a confirmed import into the ledger."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        import_batch_apply(batch=batch)
    except Exception as error:
        logger.exception("import %s failed while writing", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED, error=f"写入时出错,未写入任何数据:{error}"
        )
        raise
