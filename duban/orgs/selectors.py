"""Reads of the organization tree, above all: which unit does a printed name mean?"""

from dataclasses import dataclass, field

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
