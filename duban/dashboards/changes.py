"""What changed since the last period: each task's progress text against the previous one."""

import hashlib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Count,
    Max,
)

from duban.core.templatetags.duban_tags import percent
from duban.ledger.models import KeyTask
from duban.reporting.diff import Segment, segments_similarity, similarity, text_diff
from duban.reporting.models import ProgressReport, ReportingPeriod
from duban.reporting.selectors import period_previous

from .selectors import CACHE_SECONDS, lead_name, lead_prefetch, scope_key, scoped_tasks

DEFAULT_NO_PROGRESS_SIMILARITY = 0.9


# --- What changed ---------------------------------------------------------------------------


class ChangeFlag:
    """How a task's progress text compares with the previous period's."""

    NO_PROGRESS = "stale"  # 无新进展: essentially the same text
    CHANGED = "changed"  # 有更新
    MISSING = "missing"  # 本期未填报
    FIRST = "first"  # 上期无报告

    LABELS = {
        NO_PROGRESS: "无新进展",
        CHANGED: "有更新",
        MISSING: "本期未填报",
        FIRST: "上期无报告",
    }


def no_progress_threshold() -> float:
    """Similarity at or above which a text counts as unchanged (`DUBAN_NO_PROGRESS_SIMILARITY`)."""
    return float(getattr(settings, "DUBAN_NO_PROGRESS_SIMILARITY", DEFAULT_NO_PROGRESS_SIMILARITY))


def change_flag(previous: str | None, current: str, threshold: float) -> str:
    """Compare two progress texts; `previous` None when the last period had no report."""
    if not current.strip():
        return ChangeFlag.MISSING
    if previous is None or not previous.strip():
        return ChangeFlag.FIRST
    if previous == current:
        return ChangeFlag.NO_PROGRESS
    # Cheap upper bounds first (linear, character counts only): most texts differ a lot.
    matcher = SequenceMatcher(a=previous, b=current, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return ChangeFlag.CHANGED
    if similarity(previous, current) >= threshold:
        return ChangeFlag.NO_PROGRESS
    return ChangeFlag.CHANGED


@dataclass(frozen=True)
class ChangeRow:
    """One task's progress this period against the last."""

    task_id: int
    seq: str
    text: str
    lead: str
    flag: str
    similarity: float | None
    current: str = ""
    segments: list[Segment] = field(default_factory=list)

    @property
    def flag_label(self) -> str:
        return ChangeFlag.LABELS[self.flag]

    @property
    def similarity_text(self) -> str:
        return percent(self.similarity) if self.similarity is not None else "—"


@dataclass(frozen=True)
class ChangeSummary:
    """The period's flags: every task id in table order, and the ids under each flag."""

    previous_id: int | None
    previous_label: str
    threshold: float
    order: list[int]
    ids_by_flag: dict[str, list[int]]

    def count(self, flag: str) -> int:
        return len(self.ids_by_flag.get(flag, []))

    @property
    def total(self) -> int:
        return len(self.order)

    def ids(self, flag: str) -> list[int]:
        """The ids under `flag`, or all of them for an unknown flag ("" = 全部)."""
        return self.ids_by_flag.get(flag, self.order)


def change_summary_for(*, user: Any, period: ReportingPeriod) -> ChangeSummary:
    """Every task the user may see, flagged by how its progress text changed since the
    previous period. Fixed queries and one pass over the texts; cached under the reports' and
    tasks' counts and latest stamps, so an edited report is compared again at once."""
    threshold = no_progress_threshold()
    previous = period_previous(period=period)
    scope = scope_key(user)
    tasks = scoped_tasks(user, period.plan_id)
    reports = ProgressReport.objects.filter(
        period_id__in=[period.pk] + ([previous.pk] if previous else [])
    ).aggregate(n=Count("pk"), last=Max("updated_at"))
    plan_tasks = KeyTask.objects.filter(plan_id=period.plan_id).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    stamp = f"{reports['n']}|{reports['last']}|{plan_tasks['n']}|{plan_tasks['last']}|{threshold}"
    key = (
        f"duban:changes-v1:{period.pk}:{previous.pk if previous else 0}:{scope}:"
        f"{hashlib.sha256(stamp.encode()).hexdigest()[:32]}"
    )
    summary: ChangeSummary | None = cache.get(key)
    if summary is not None:
        return summary
    current = dict(
        ProgressReport.objects.filter(period=period, task__in=tasks).values_list(
            "task_id", "progress"
        )
    )
    earlier = (
        dict(
            ProgressReport.objects.filter(period=previous, task__in=tasks).values_list(
                "task_id", "progress"
            )
        )
        if previous
        else {}
    )
    order = list(tasks.order_by("position").values_list("pk", flat=True))
    ids_by_flag: dict[str, list[int]] = {flag: [] for flag in ChangeFlag.LABELS}
    for task_id in order:
        flag = change_flag(earlier.get(task_id), current.get(task_id, ""), threshold)
        ids_by_flag[flag].append(task_id)
    summary = ChangeSummary(
        previous_id=previous.pk if previous else None,
        previous_label=previous.label if previous else "",
        threshold=threshold,
        order=order,
        ids_by_flag=ids_by_flag,
    )
    cache.set(key, summary, CACHE_SECONDS)
    return summary


def change_rows(
    *, period: ReportingPeriod, previous_id: int | None, ids: list[int]
) -> list[ChangeRow]:
    """The rows of one page: both texts, their diff and similarity. Fixed queries per page."""
    threshold = no_progress_threshold()
    tasks = (
        KeyTask.objects.filter(pk__in=ids)
        .select_related("parent")
        .prefetch_related(lead_prefetch())
        .order_by("position")
    )
    texts = {
        (period_id, task_id): progress
        for period_id, task_id, progress in ProgressReport.objects.filter(
            task_id__in=ids, period_id__in=[period.pk, previous_id or 0]
        ).values_list("period_id", "task_id", "progress")
    }
    rows = []
    for task in tasks:
        current = texts.get((period.pk, task.pk), "")
        previous = texts.get((previous_id, task.pk)) if previous_id else None
        flag = change_flag(previous, current, threshold)
        compared = previous is not None and bool(previous.strip()) and bool(current.strip())
        segments = text_diff(previous or "", current) if compared else []
        lead = lead_name(task)
        rows.append(
            ChangeRow(
                task_id=task.pk,
                seq=task.seq or f"{task.parent.seq if task.parent else ''}(子项)",
                text=task.text,
                lead=lead,
                flag=flag,
                similarity=segments_similarity(segments) if compared else None,
                current=current,
                segments=segments,
            )
        )
    return rows
