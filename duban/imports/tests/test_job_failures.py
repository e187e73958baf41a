"""A job that meets a database error tells the office in Chinese, never the database's text."""

import pytest
from django.db import IntegrityError

from duban.imports.jobs import DATABASE_REFUSED, _run
from duban.imports.models import ImportBatch, ImportStatus

pytestmark = pytest.mark.django_db


def test_a_database_error_is_shown_in_chinese():
    batch = ImportBatch.objects.create(
        kind="progress_table", original_name="t.csv", status=ImportStatus.APPLYING
    )

    def step(*, batch):
        raise IntegrityError("duplicate key value violates unique constraint")

    with pytest.raises(IntegrityError):
        _run(batch.pk, step, "写入时出错,未写入任何数据")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.error == f"写入时出错,未写入任何数据:{DATABASE_REFUSED}"
    assert "duplicate" not in batch.error
