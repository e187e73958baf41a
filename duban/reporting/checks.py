"""Checks that apps above reporting run on a submitted report, shown on the report page.

The report-quality check lives in `assessment` (it reads figures with the extractor), which sits
above reporting. Reporting must not import it, so assessment registers its check here in its
`AppConfig.ready()` and the report page asks `report_findings` — the same inversion the import
registry uses for import kinds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportFinding:
    """One thing a check found in a report: a short name and the reason a person reads."""

    name: str
    reason: str


ReportCheck = Callable[[Any], list[ReportFinding]]

_CHECKS: list[ReportCheck] = []


def report_check_register(check: ReportCheck) -> None:
    """Add a check; registering the same function twice (a reloaded app) keeps one."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def report_findings(report: Any) -> list[ReportFinding]:
    """What every registered check finds in `report`, in registration order."""
    return [finding for check in _CHECKS for finding in check(report)]
