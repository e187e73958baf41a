"""Rows written once, replayed cheaply: how the test suite shares one seed import per session.

`RowSnapshot.capture(write)` runs `write()` in a transaction, keeps every row it added (all
tables, as the database stores them) and rolls back. `restore()` inserts those rows again with
their primary keys, one `executemany` per table in one transaction (foreign keys are checked at
its end, so table order does not matter), and returns the object `write()` returned. Fields
that hold the time of writing (`auto_now`, `auto_now_add`: audit times, `updated_at`) get the
time of the restore, as they would have if the test had run `write()` itself.

A restore refuses (returns None) when a row within the snapshot's key range already exists,
e.g. a test created a unit before asking for the seed; the caller then runs `write()` itself.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone


def _tables() -> list[type[models.Model]]:
    """Every concrete table, M2M link tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _written_now(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    insert_sql: str
    key_range: tuple[Any, Any]
    rows: list[list[Any]]  # database values; None where the restore's time goes
    now_columns: dict[int, models.Field]

    @classmethod
    def read(cls, model: type[models.Model], instances: list[models.Model]) -> "_Table":
        fields = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        # Identifiers from the models' own metadata, quoted; values go as parameters.
        insert_sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        now_columns = {i: field for i, field in enumerate(fields) if _written_now(field)}
        rows = [
            [
                None
                if i in now_columns
                else field.get_db_prep_save(getattr(instance, field.attname), connection)
                for i, field in enumerate(fields)
            ]
            for instance in instances
        ]
        keys = [instance.pk for instance in instances]
        return cls(model, insert_sql, (min(keys), max(keys)), rows, now_columns)

    def insert(self, now: datetime.datetime) -> None:
        stamps = {
            i: field.get_db_prep_save(
                now if isinstance(field, models.DateTimeField) else now.date(), connection
            )
            for i, field in self.now_columns.items()
        }
        rows = self.rows
        if stamps:
            rows = [[stamps.get(i, value) for i, value in enumerate(row)] for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(self.insert_sql, rows)


@dataclass(frozen=True)
class RowSnapshot:
    tables: list[_Table]
    result_model: type[models.Model]
    result_pk: Any

    @classmethod
    def capture(cls, write: Callable[[], models.Model]) -> "RowSnapshot":
        models_ = _tables()
        with transaction.atomic():
            before = {
                model: set(model._base_manager.values_list("pk", flat=True)) for model in models_
            }
            result = write()
            tables = []
            for model in models_:
                added = list(model._base_manager.exclude(pk__in=before[model]).order_by("pk"))
                if added:
                    tables.append(_Table.read(model, added))
            transaction.set_rollback(True)
        return cls(tables=tables, result_model=type(result), result_pk=result.pk)

    def restore(self) -> models.Model | None:
        with transaction.atomic():
            for table in self.tables:
                if table.model._base_manager.filter(pk__range=table.key_range).exists():
                    return None
            now = timezone.now()
            for table in self.tables:
                table.insert(now)
            # PostgreSQL's sequences do not move for rows inserted with their keys.
            reset = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables])
            with connection.cursor() as cursor:
                for sql in reset:
                    cursor.execute(sql)
        return self.result_model._base_manager.get(pk=self.result_pk)
