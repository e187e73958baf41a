"""A government's saved table layouts: the mapping step done once, for every file of that shape.

A layout is found by the header row a file prints (normalised texts, in order); a table with no
header row has an empty signature and is found by its number of columns instead, and only when
the file has no header the readers can find.
"""

from typing import Any

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.imports.readers import ReadError
from duban.imports.readers.layout import ColumnLayout, SourceSample, source_sample
from duban.orgs.models import Department
from duban.orgs.selectors import government_get

from ..models import TableLayout
from .columns import HEADER_LABELS, MAPPING_CHOICES, REQUIRED_FIELDS, table_hints

LAYOUT_NAME_MISSING = "请填写表格版式的名称。"
LAYOUT_NOT_FOUND = "政府「{government}」没有名为「{name}」的表格版式。"
LAYOUT_FIELD_UNKNOWN = "第{number}列的对应「{field}」不是可选的字段。"
LAYOUT_REQUIRED_MISSING = "请为「{fields}」各选一列。"
LAYOUT_WITHOUT_GOVERNMENT = "政府「{government}」尚未建立,不能保存表格版式。"
_CHOICES = {value for value, _ in MAPPING_CHOICES}


def layout_check(fields: list[str]) -> None:
    """Refuse a mapping with an unknown field or without a column for each required one."""
    for number, field_name in enumerate(fields, start=1):
        if field_name not in _CHOICES:
            raise DomainError(LAYOUT_FIELD_UNKNOWN.format(number=number, field=field_name))
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing:
        names = "」「".join(HEADER_LABELS[f] for f in missing)
        raise DomainError(LAYOUT_REQUIRED_MISSING.format(fields=names))


def table_layout_save(
    *, government_name: str, name: str, layout: ColumnLayout, actor: Any
) -> TableLayout:
    """Save (or replace, by name) a layout of the government's tables."""
    name = name.strip()
    if not name:
        raise DomainError(LAYOUT_NAME_MISSING)
    layout_check(list(layout.fields))
    government = government_get(name=government_name)
    if government is None:
        raise DomainError(LAYOUT_WITHOUT_GOVERNMENT.format(government=government_name))
    saved, _ = TableLayout.objects.update_or_create(
        government=government,
        name=name,
        defaults={
            "header_signature": list(layout.signature),
            "mapping": list(layout.fields),
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    record_event(
        actor=actor,
        verb="reporting.table_layout_save",
        target=saved,
        after={"name": name, "header": list(layout.signature), "mapping": list(layout.fields)},
    )
    return saved


def layout_of(saved: TableLayout) -> ColumnLayout:
    return ColumnLayout(fields=tuple(saved.mapping), signature=tuple(saved.header_signature))


def table_layout_named(*, government_name: str, name: str) -> TableLayout:
    government = government_get(name=government_name)
    saved = TableLayout.objects.filter(government=government, name=name).first()
    if saved is None:
        raise DomainError(LAYOUT_NOT_FOUND.format(government=government_name, name=name))
    return saved


def matching_layout(*, government: Department | None, name: str, data: bytes) -> TableLayout | None:
    """The government's saved layout this file has the shape of, if any."""
    if government is None:
        return None
    layouts = list(TableLayout.objects.filter(government=government).order_by("-created_at"))
    if not layouts:
        return None
    sample = file_sample(name, data)
    if sample is None:
        return None
    for saved in layouts:
        signature = tuple(saved.header_signature)
        if signature and signature == sample.signature:
            return saved
        if not signature and sample.header_index is None and len(saved.mapping) == sample.width:
            return saved
    return None


def file_sample(name: str, data: bytes) -> SourceSample | None:
    """The file's main table as the mapping step shows it; None for a file with no grid."""
    from duban.orgs.selectors import DepartmentDirectory

    try:
        return source_sample(name, data, table_hints(DepartmentDirectory(government=None)))
    except ReadError:
        return None
