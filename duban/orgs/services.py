"""Writes to the organization tree. Each records an audit event."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields

from . import naming
from .models import Department, DepartmentAlias, DepartmentKind

ALIAS_TAKEN = "别名「{alias}」已指向「{department}」。"
UNIT_EXISTS = "单位「{name}」已存在。"
# Another import or person created the same unit between our check and our write.
UNIT_CREATED_MEANWHILE = (
    "单位「{name}」刚刚已由另一项导入或操作创建,本次未写入任何数据,请重新导入。"
)


@transaction.atomic
def government_get_or_create(*, name: str, actor: Any) -> Department:
    """The root of a government's tree, created on first use.

    One per name (the `government_unique_name` index): when two imports found the same
    government at once, the second one's insert waits for the first and then finds its row.
    """
    government, created = Department.objects.get_or_create(
        government=None, name=name, defaults={"kind": DepartmentKind.GOVERNMENT}
    )
    if created:
        record_event(
            actor=actor, verb="orgs.government_create", target=government, after={"name": name}
        )
    return government


@transaction.atomic
def department_create(
    *, government: Department, name: str, kind: str | None = None, actor: Any
) -> Department:
    """A new unit under `government`; its kind is inferred from the name when not given."""
    if Department.objects.filter(government=government, name=name).exists():
        raise DomainError(UNIT_EXISTS.format(name=name))
    unit = Department(
        government=government,
        parent=government,
        name=name,
        kind=kind or naming.infer_kind(name),
        sort_order=Department.objects.filter(government=government).count() + 1,
    )
    clean_own_fields(unit)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as error:
        raise DomainError(UNIT_CREATED_MEANWHILE.format(name=name)) from error
    record_event(
        actor=actor,
        verb="orgs.department_create",
        target=unit,
        after={"name": name, "kind": unit.kind},
    )
    return unit


@transaction.atomic
def department_alias_add(*, department: Department, alias: str, actor: Any) -> DepartmentAlias:
    """Let `alias` stand for `department` from now on."""
    if department.government is None:
        raise DomainError("政府本身不能有别名。")
    existing = (
        DepartmentAlias.objects.filter(government=department.government, alias=alias)
        .select_related("department")
        .first()
    )
    if existing is not None:
        if existing.department_id == department.pk:
            return existing
        raise DomainError(ALIAS_TAKEN.format(alias=alias, department=existing.department.name))
    if Department.objects.filter(government=department.government, name=alias).exists():
        raise DomainError(f"「{alias}」是另一个单位的正式名称,不能作为别名。")
    entry = DepartmentAlias.objects.create(
        government=department.government, alias=alias, department=department
    )
    record_event(actor=actor, verb="orgs.alias_add", target=department, after={"alias": alias})
    return entry


@transaction.atomic
def group_members_set(*, group: Department, members: Iterable[Department], actor: Any) -> None:
    """Set which units a group name (各县(市、区)政府) stands for."""
    if group.kind != DepartmentKind.GROUP:
        raise DomainError(f"「{group.name}」不是单位组。")
    before = sorted(group.members.values_list("name", flat=True))
    group.members.set(list(members))
    after = sorted(group.members.values_list("name", flat=True))
    record_event(
        actor=actor, verb="orgs.group_members_set", target=group, before=before, after=after
    )


@transaction.atomic
def government_structure_load(
    *,
    name: str,
    units: dict[str, list[str]],
    aliases: dict[str, str],
    groups: dict[str, list[str]],
    actor: Any,
) -> Department:
    """Create a government's tree (idempotent): units by kind, aliases, groups."""
    government = government_get_or_create(name=name, actor=actor)
    existing = {d.name: d for d in Department.objects.filter(government=government)}
    for kind, names in units.items():
        for unit_name in names:
            if unit_name not in existing:
                existing[unit_name] = department_create(
                    government=government, name=unit_name, kind=kind, actor=actor
                )
    for group_name, member_names in groups.items():
        group = existing.get(group_name) or department_create(
            government=government, name=group_name, kind=DepartmentKind.GROUP, actor=actor
        )
        existing[group_name] = group
        group_members_set(group=group, members=[existing[m] for m in member_names], actor=actor)
    for alias, canonical in aliases.items():
        department_alias_add(department=existing[canonical], alias=alias, actor=actor)
    return government
