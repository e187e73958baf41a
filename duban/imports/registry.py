"""Import kinds register here, so the generic machinery never imports a domain app.

A domain app registers an `ImportSpec` under a kind name in its `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import ImportBatch


@dataclass(frozen=True)
class PreviewResult:
    summary: dict[str, Any]
    problems: list[str]
    new_departments: list[str]
    rows: int


@dataclass(frozen=True)
class ImportSpec:
    """How one kind of file is checked (`preview`) and written (`apply`)."""

    label: str
    preview: Callable[[ImportBatch], PreviewResult]
    apply: Callable[[ImportBatch, Callable[[int, int], None]], dict[str, Any]]


_SPECS: dict[str, ImportSpec] = {}


def register(kind: str, spec: ImportSpec) -> None:
    _SPECS[kind] = spec


def get_spec(kind: str) -> ImportSpec:
    return _SPECS[kind]
