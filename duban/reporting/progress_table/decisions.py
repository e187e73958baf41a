"""The office's decision for a unit name outside the organization tree: create, or map."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CREATE = "create"
MAP = "map"


@dataclass(frozen=True)
class DepartmentDecision:
    """Create the name as a new unit, or map it (as an alias) to the unit `department_id`."""

    action: str  # CREATE or MAP
    department_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        if self.action == MAP:
            return {"action": MAP, "department_id": self.department_id}
        return {"action": self.action}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "DepartmentDecision":
        return cls(action=data["action"], department_id=data.get("department_id"))


def decisions_to_json(decisions: Mapping[str, DepartmentDecision]) -> dict[str, dict[str, Any]]:
    return {name: decision.to_json() for name, decision in decisions.items()}


def decisions_from_json(data: Mapping[str, Any]) -> dict[str, DepartmentDecision]:
    return {name: DepartmentDecision.from_json(item) for name, item in data.items()}


def decision_from_choice(choice: str) -> DepartmentDecision | None:
    """A form's choice for one name: "create", a unit id, or nothing chosen yet."""
    if choice == CREATE:
        return DepartmentDecision(action=CREATE)
    if choice.isdigit():
        return DepartmentDecision(action=MAP, department_id=int(choice))
    return None


def undecided(names: Iterable[str], decisions: Mapping[str, Any]) -> list[str]:
    """The names among `names` that have no decision yet, in order."""
    return [name for name in names if name not in decisions]
