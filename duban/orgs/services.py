"""Writes to the organization tree. Each records an audit event."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from duban.accounts.models import GOVERNMENT_ROLES
from duban.accounts.selectors import the_only_government_id
from duban.core.audit import record_event
from duban.core.exceptions import DomainError
from duban.core.models import clean_own_fields

from . import naming
from .models import Department, DepartmentAlias, DepartmentKind

ALIAS_TAKEN = "别名「{alias}」已指向「{department}」。"
UNIT_EXISTS = "单位「{name}」已存在。"
GOVERNMENT_CYCLE = "「{parent}」不能作为「{name}」的上级政府:会形成循环。"
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
    first = the_only_government_id()
    government, created = Department.objects.get_or_create(
        government=None, name=name, defaults={"kind": DepartmentKind.GOVERNMENT}
    )
    if created:
        record_event(
            actor=actor, verb="orgs.government_create", target=government, after={"name": name}
        )
        if first is not None:
            _accounts_keep_their_government(government_id=first, actor=actor)
    return government


def _accounts_keep_their_government(*, government_id: int, actor: Any) -> None:
    """Until now the instance had one government, and office and leader accounts that named
    none worked for it (decision 0030). With a second one they would see nothing: they are
    written down as the first government's, so nobody's pages change."""
    accounts = get_user_model().objects.filter(
        government=None, department=None, role__in=[r.value for r in GOVERNMENT_ROLES]
    )
    names = sorted(accounts.values_list("username", flat=True))
    if not names:
        return
    accounts.update(government_id=government_id)
    record_event(
        actor=actor,
        verb="orgs.accounts_government_set",
        target=Department.objects.get(pk=government_id),
        after={"accounts": names},
    )


@transaction.atomic
def government_add(*, name: str, parent_name: str = "", actor: Any) -> Department:
    """A government of the instance (a city beside the first, or the province above them),
    created if new, placed under `parent_name` when given."""
    government = government_get_or_create(name=name, actor=actor)
    if not parent_name:
        return government
    parent = government_get_or_create(name=parent_name, actor=actor)
    if parent.pk == government.pk or government.pk in _ancestors(parent):
        raise DomainError(GOVERNMENT_CYCLE.format(name=name, parent=parent_name))
    if government.parent_id != parent.pk:
        before = government.parent.name if government.parent is not None else ""
        government.parent = parent
        government.save(update_fields=["parent"])
        record_event(
            actor=actor,
            verb="orgs.government_parent_set",
            target=government,
            before={"parent": before},
            after={"parent": parent.name},
        )
    return government


def _ancestors(government: Department) -> set[int]:
    found: set[int] = set()
    current = government
    while current.parent_id is not None and current.parent_id not in found:
        found.add(current.parent_id)
        current = Department.objects.get(pk=current.parent_id)
    return found


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
