"""Reads of the organization tree, above all: which unit does a printed name mean?"""

from dataclasses import dataclass, field
from typing import Any

from duban.accounts import permissions
from duban.accounts.selectors import government_id_of, kept_on_user

from . import naming
from .models import Department, DepartmentAlias, DepartmentKind


def government_get(*, name: str) -> Department | None:
    """The government (root of a tree) called `name` (嘉兴市 or 嘉兴市人民政府), if any."""
    candidates = {name, name.removesuffix("人民政府"), name.removesuffix("人民政府") + "人民政府"}
    return (
        Department.objects.filter(kind=DepartmentKind.GOVERNMENT, name__in=candidates)
        .order_by("id")
        .first()
    )


@dataclass
class DepartmentDirectory:
    """Every name (and alias) of one government's units, loaded once for a whole import.

    `resolve` tries the name as printed, then its aliases, then the spelling with or without
    the leading "市" (交通运输局 → 市交通运输局), so one unit never gets two rows.
    """

    government: Department | None
    by_name: dict[str, Department] = field(default_factory=dict)

    @classmethod
    def for_government(cls, government: Department | None) -> "DepartmentDirectory":
        directory = cls(government=government)
        if government is None:
            return directory
        for unit in Department.objects.filter(government=government):
            directory.by_name[unit.name] = unit
        for alias in DepartmentAlias.objects.filter(government=government).select_related(
            "department"
        ):
            directory.by_name.setdefault(alias.alias, alias.department)
        return directory

    @property
    def is_empty(self) -> bool:
        return not self.by_name

    def resolve(self, name: str) -> Department | None:
        if name in self.by_name:
            return self.by_name[name]
        for variant in naming.municipal_variants(name):
            if variant in self.by_name:
                return self.by_name[variant]
        return None

    def is_known(self, name: str) -> bool:
        return self.resolve(name) is not None


def unit_ids_speaking_for(department: Department) -> list[int]:
    """The unit and every group it belongs to: a task assigned to 各县(市、区)政府 is also
    南湖区政府's task."""
    return [department.pk, *department.groups.values_list("pk", flat=True)]


# Which government's work an account sees: docs/decisions/0030-many-governments-one-instance.md.


def government_of(*, user: Any) -> Department | None:
    pk = government_id_of(user=user)
    return Department.objects.filter(pk=pk).first() if pk is not None else None


def _governments_below(pk: int) -> set[int]:
    """`pk` and every government under it (a province's cities, their counties' governments
    if run as governments of their own)."""
    found, frontier = {pk}, {pk}
    while frontier:
        frontier = (
            set(
                Department.objects.filter(
                    kind=DepartmentKind.GOVERNMENT, government=None, parent_id__in=frontier
                ).values_list("pk", flat=True)
            )
            - found
        )
        found |= frontier
    return found


def governments_seen_by(*, user: Any) -> frozenset[int]:
    """The governments whose plans, units and accounts `user` sees.

    The office and the departments: their own government. Leaders: their own and every
    government below it, so a province's leaders read all its cities. Anyone else (the three
    administrators) works on accounts, not on plans: no government's work.
    """
    # Asked by every scoped query of a request; a changed role, unit or government is a new
    # answer.
    key = (
        getattr(user, "pk", None),
        getattr(user, "role", None),
        getattr(user, "department_id", None),
        getattr(user, "government_id", None),
    )
    return kept_on_user(user, "_duban_governments", key, lambda: _governments_seen(user))


def _governments_seen(user: Any) -> frozenset[int]:
    own = government_id_of(user=user)
    if own is None or not (
        permissions.can_read_everything(user) or permissions.is_department_user(user)
    ):
        return frozenset()
    if permissions.is_leader(user):
        return frozenset(_governments_below(own))
    return frozenset({own})


def reads_government(user: Any, government_id: int | None) -> bool:
    """Whether `user` may read this government's work (its office, departments, leaders,
    and the leaders of a government above it)."""
    return government_id is not None and government_id in governments_seen_by(user=user)


def works_for_government(user: Any, government_id: int | None) -> bool:
    """Whether `user` acts in this government's workflows: its own only. A province's leaders
    read a city's work but do not approve its change requests or confirm its closures."""
    return government_id is not None and government_id == government_id_of(user=user)
