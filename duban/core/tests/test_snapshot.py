"""The seed replayed from the session's snapshot is the seed imported: the same rows."""

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction

from duban.conftest import seed_import
from duban.core.models import AuditEvent
from duban.ledger.models import KeyTask, TaskResponsibility
from duban.orgs.models import Department
from duban.reporting.models import ProgressReport, StatusDecision

pytestmark = pytest.mark.django_db

TABLES = [Department, KeyTask, ProgressReport, StatusDecision, AuditEvent]
WRITTEN_AT = {"occurred_at", "created_at", "updated_at", "decided_at", "submitted_at"}


def _contents() -> dict[str, list]:
    """Every row's own values, and its links by name (keys differ between databases)."""
    contents: dict[str, list] = {
        model.__name__: [
            {
                name: value
                for name, value in row.items()
                if name not in WRITTEN_AT and name != "id" and not name.endswith("_id")
            }
            for row in model._default_manager.order_by("pk").values()
        ]
        for model in TABLES
    }
    contents["links"] = [
        list(Department.objects.order_by("pk").values_list("name", "parent__name")),
        list(
            TaskResponsibility.objects.order_by("pk").values_list(
                "task__seq", "task__plan__year", "department__name", "position"
            )
        ),
        list(
            ProgressReport.objects.order_by("pk").values_list(
                "task__seq", "task__position", "period__label", "department__name"
            )
        ),
        list(StatusDecision.objects.order_by("pk").values_list("task__position", "period__label")),
        list(AuditEvent.objects.order_by("pk").values_list("verb", "target_label")),
    ]
    return contents


def test_restored_seed_equals_an_import(seed_rows, seed_bytes):
    with transaction.atomic():
        imported = seed_import(seed_bytes)
        expected = _contents()
        transaction.set_rollback(True)

    restored = seed_rows.restore()

    assert (restored.label, restored.plan.year) == (imported.label, imported.plan.year)
    assert _contents() == expected
    assert KeyTask.objects.count() == 100


def test_rows_written_after_a_restore_get_fresh_keys(seed_period):
    highest = Department.objects.order_by("-pk")[0].pk
    unit = Department.objects.create(
        government=seed_period.plan.government, name="市新设局", kind="department"
    )
    assert unit.pk > highest


def test_a_restore_over_existing_rows_falls_back_to_the_import(seed_rows, request):
    [departments] = [table for table in seed_rows.tables if table.model is Department]
    Department.objects.create(pk=departments.key_range[0], name="模拟市", kind="government")
    with connection.cursor() as cursor:  # PostgreSQL: move past the key given by hand
        for sql in connection.ops.sequence_reset_sql(no_style(), [Department]):
            cursor.execute(sql)

    assert seed_rows.restore() is None
    period = request.getfixturevalue("seed_period")  # imports the seed instead
    assert KeyTask.objects.filter(plan=period.plan).count() == 100
    assert Department.objects.get(name="模拟市").pk == departments.key_range[0]
