"""Import kinds register here, so the generic machinery never imports a domain app.

A domain app registers an `ImportSpec` under a kind name in its `AppConfig.ready()`. The
spec carries everything kind-specific: how a file is checked and written, who may upload
it, the form for its parameters, and the fragment of the preview page with its context
and the office's decisions read back from it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q

from duban.core.exceptions import DomainError

from .models import ImportBatch


class NeedsMappingError(DomainError):
    """The kind could read the file but not tell its columns: the office maps them.

    `extra` is what the mapping step shows: "columns" (each with its printed "header", its
    first "cells" and the field "guess"ed) and the header "signature"."""


@dataclass(frozen=True)
class PreviewResult:
    summary: dict[str, Any]
    problems: list[str]
    new_departments: list[str]
    rows: int


class ImportParamsForm(forms.Form):
    """The parameters an import kind needs beside the file (stored as the batch's `params`).

    `user` is who uploads: a kind may fill in or hold to what the account stands for (the
    progress table: the office's own government)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def params(self) -> dict[str, Any]:
        """The cleaned values as JSON (dates as ISO text)."""
        return dict(self.cleaned_data)


def _no_context(batch: ImportBatch) -> dict[str, Any]:
    return {}


def _no_decisions(post: Mapping[str, str], batch: ImportBatch) -> dict[str, Any]:
    return {}


def _nothing_to_decide(batch: ImportBatch, decisions: dict[str, Any]) -> None:
    return None


def _own_batches(user: Any) -> Q:
    return Q(created_by_id=getattr(user, "pk", None))


def _no_layouts(batch: ImportBatch, fields: list[str], name: str, actor: Any) -> None:
    raise DomainError("该导入类型不能保存表格版式。")


@dataclass(frozen=True)
class ImportSpec:
    """One kind of file: how it is checked (`preview`) and written (`apply`), and its pages.

    `may_import(user)` says who may upload it; `params_form` asks for its parameters and
    `describe(params)` shows them in one line. `visible_to(user)` is the filter on batches
    of this kind `user` may see (by default, the ones it uploaded). The preview page
    includes `preview_template` (with `part` = "summary", "decisions" or "applied") in the
    context `preview_context` adds; `decisions_from_post` reads the office's decisions (JSON)
    from the confirm form and `decisions_check` raises `DomainError` while one is missing.

    A kind whose `preview` may raise `NeedsMappingError` offers the mapping step: the office picks
    one of `mapping_choices` for each column; `layout_check(fields)` refuses a mapping it
    cannot read with, `layout_save(batch, fields, name, actor)` keeps it for the next file.
    """

    label: str
    preview: Callable[[ImportBatch], PreviewResult]
    apply: Callable[[ImportBatch, Callable[[int, int], None]], dict[str, Any]]
    may_import: Callable[[Any], bool]
    params_form: type[ImportParamsForm]
    describe: Callable[[Mapping[str, Any]], str]
    preview_template: str
    preview_context: Callable[[ImportBatch], dict[str, Any]] = _no_context
    decisions_from_post: Callable[[Mapping[str, str], ImportBatch], dict[str, Any]] = _no_decisions
    decisions_check: Callable[[ImportBatch, dict[str, Any]], None] = _nothing_to_decide
    mapping_choices: tuple[tuple[str, str], ...] = ()
    layout_check: Callable[[list[str]], None] = lambda fields: None
    layout_save: Callable[[ImportBatch, list[str], str, Any], None] = _no_layouts
    visible_to: Callable[[Any], Q] = _own_batches


_SPECS: dict[str, ImportSpec] = {}


def register(kind: str, spec: ImportSpec) -> None:
    _SPECS[kind] = spec


def get_spec(kind: str) -> ImportSpec:
    return _SPECS[kind]


def kinds() -> dict[str, ImportSpec]:
    """Every registered kind, in the order the apps registered them."""
    return dict(_SPECS)


def batches_visible_to(user: Any) -> Q:
    """The batches `user` may see: of the kinds it may import, those each kind shows it."""
    visible = Q(pk__in=[])
    for kind, spec in _SPECS.items():
        if spec.may_import(user):
            visible |= Q(kind=kind) & spec.visible_to(user)
    return visible


def may_import_any(user: Any) -> bool:
    """Whether `user` may upload at least one kind (the imports pages' permission)."""
    return any(spec.may_import(user) for spec in _SPECS.values())
