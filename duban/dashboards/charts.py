"""The cockpit's chart JSON (ECharts options), built from an assembled `Cockpit`."""

from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import SafeString

from duban.core.status import TaskStatus

from .selectors import (
    STATUS_ORDER,
    UNDECIDED,
    Cockpit,
    LaggingTask,
    ScatterPoint,
    UnitRow,
    drill_url,
    task_href_template,
)

# Chart fills: DESIGN.md's colour family of each status (STATUS_COLOURS), in shades a stacked
# bar can tell apart where several statuses share a family (three greens).
STATUS_FILLS: dict[str, str] = {
    TaskStatus.COMPLETED: "#116329",
    TaskStatus.AHEAD: "#4ac26b",
    TaskStatus.ON_TRACK: "#1a7f37",
    TaskStatus.PARTLY_BEHIND: "#d4a72c",
    TaskStatus.BEHIND: "#cf222e",
    TaskStatus.NOT_STARTED: "#82071e",
    TaskStatus.NOT_ASSESSABLE: "#8c959f",
    UNDECIDED: "#d0d7de",
}
LAGGING_IN_CHART = 20


# --- Chart JSON -----------------------------------------------------------------------------

_BASE: dict[str, Any] = {
    # ECharts describes each chart to screen readers; the table beside it carries the figures.
    "aria": {"enabled": True},
    "textStyle": {"fontFamily": "inherit"},
}
_LEGEND: dict[str, Any] = {"type": "scroll", "top": 0}
_GRID: dict[str, Any] = {"left": 8, "right": 24, "top": 40, "bottom": 8, "containLabel": True}


# How much of a task's text names it on a chart axis: enough to recognise, short enough to fit.
AXIS_TEXT_CHARS = 8


def lagging_axis_label(task: LaggingTask) -> str:
    """序号 and the task's first words: "79 新建“运动家”社区…"."""
    text = task.text.strip()
    short = text if len(text) <= AXIS_TEXT_CHARS else text[:AXIS_TEXT_CHARS] + "…"
    return f"{task.seq} {short}"


def _gap_label(task: LaggingTask) -> str:
    """The gap with its unit ("1.4个百分点"), never a bare number."""
    return f"{task.gap_pp:g}{task.gap_unit}"


def _bar_height(bars: int) -> int:
    # Bar charts grow with their number of bars, so every label stays readable.
    return max(240, 26 * bars + 90)


def _drill_links(base: str, x: tuple[str, list[Any]] | None, series: list[str]) -> dict[str, Any]:
    """How the page script turns a clicked element into its task list: the base URL, then the
    element's category (`x`, by data index) and status (by series index) as query values."""
    links: dict[str, Any] = {"kind": "drill", "base": base}
    if x is not None:
        links["x"] = {"param": x[0], "values": x[1]}
    if series:
        links["series"] = {"param": "status", "values": series}
    return links


def _stacked_series(cockpit: Cockpit, rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "type": "bar",
            "name": cockpit.labels[status],
            "stack": "total",
            "barMaxWidth": 28,
            "itemStyle": {"color": STATUS_FILLS[status]},
            "emphasis": {"focus": "series"},
            "data": [row.count(status) for row in rows],
        }
        for status in cockpit.statuses
    ]


def cockpit_charts(cockpit: Cockpit) -> dict[str, Any]:
    """Every chart's ECharts option, height and links, keyed by chart name, for the page.

    Compact at scale: data are plain numbers, and `links` says how a clicked element maps to
    the task list behind it (a drill-down URL, or a task page) instead of a URL per element.
    Colours are DESIGN.md's families (`STATUS_FILLS`).
    """
    drill = drill_url(cockpit.period_id)
    all_periods = reverse("dashboards:task_list")
    task_links = task_href_template()
    shown = [c for c in cockpit.status_counts if c.count]
    status_chart = {
        **_BASE,
        "tooltip": {"trigger": "item"},
        "legend": {**_LEGEND, "top": "bottom"},
        "series": [
            {
                "type": "pie",
                "name": "状态分布",
                "radius": ["40%", "68%"],
                # Small slices keep their figures in the tiles and the table, not a crowded label.
                "minShowLabelAngle": 12,
                "data": [
                    {
                        "name": c.label,
                        "value": c.count,
                        "itemStyle": {"color": STATUS_FILLS[c.status]},
                        # Shares as the office prints them (88.0%), not ECharts' own rounding.
                        "label": {"formatter": f"{c.label}\n{c.count}项 {c.share_text}"},
                        "tooltip": {"formatter": f"{c.label}:{c.count}项({c.share_text})"},
                    }
                    for c in shown
                ],
            }
        ],
    }

    def unit_chart(rows: list[UnitRow], param: str) -> dict[str, Any]:
        return {
            "height": _bar_height(len(rows)),
            "links": _drill_links(drill, (param, [r.unit_id for r in rows]), cockpit.statuses),
            "option": {
                **_BASE,
                "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
                "legend": _LEGEND,
                "grid": _GRID,
                "xAxis": {"type": "value", "minInterval": 1, "name": "任务数"},
                "yAxis": {"type": "category", "inverse": True, "data": [r.name for r in rows]},
                "series": _stacked_series(cockpit, rows),
            },
        }

    charted = [t for t in cockpit.lagging if t.gap_pp is not None][:LAGGING_IN_CHART]
    lagging_chart = {
        **_BASE,
        "tooltip": {"trigger": "item"},
        "grid": {**_GRID, "top": 16, "right": 96},
        "xAxis": {"type": "value", "name": "落后"},
        # A bar names its task (序号 and the task's first words) and labels its gap with the
        # unit: a bare "1.4" beside "79" tells a reader nothing.
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [lagging_axis_label(t) for t in charted],
        },
        "series": [
            {
                "type": "bar",
                "name": "落后",
                "barMaxWidth": 28,
                "data": [
                    {
                        "value": t.gap_pp,
                        "itemStyle": {"color": STATUS_FILLS[t.status]},
                        "label": {"show": True, "position": "right", "formatter": _gap_label(t)},
                        "tooltip": {"formatter": f"序号{t.seq} {t.text}:{t.gap_text}"},
                    }
                    for t in charted
                ],
            }
        ],
    }

    by_status: dict[str, list[ScatterPoint]] = defaultdict(list)
    for point in cockpit.scatter:
        by_status[point.status].append(point)
    scatter_chart = {
        **_BASE,
        "tooltip": {"trigger": "item"},
        "legend": _LEGEND,
        "grid": _GRID,
        "xAxis": {"type": "value", "name": "序时进度(%)", "min": 0, "max": 100},
        "yAxis": {"type": "value", "name": "完成率(%)", "min": 0},
        "series": [
            *(
                {
                    "type": "scatter",
                    "name": cockpit.labels.get(status, status),
                    "symbolSize": 8,
                    "itemStyle": {"color": STATUS_FILLS.get(status, STATUS_FILLS[UNDECIDED])},
                    # [time share, completion, task id, 序号]: the page links and labels by them.
                    "data": [[p.time_share, p.completion, p.task_id, p.seq] for p in points],
                }
                for status, points in sorted(by_status.items(), key=lambda i: _rank(i[0]))
            ),
            {
                # The diagonal: completion equal to the time share is exactly on schedule.
                "type": "line",
                "name": "序时进度线",
                "data": [[0, 0], [100, 100]],
                "showSymbol": False,
                "silent": True,
                "lineStyle": {"type": "dashed", "color": "#57606a"},
                "tooltip": {"show": False},
            },
        ],
    }

    trend_chart = {
        **_BASE,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": _LEGEND,
        "grid": _GRID,
        "xAxis": {"type": "category", "data": [row.label for row in cockpit.trend]},
        "yAxis": {"type": "value", "minInterval": 1, "name": "任务数"},
        "series": _stacked_series(cockpit, cockpit.trend),
    }
    return {
        "status": {
            "height": 320,
            "links": _drill_links(drill, ("status", [c.status for c in shown]), []),
            "option": status_chart,
        },
        "departments": unit_chart(cockpit.by_department, "department"),
        "counties": unit_chart(cockpit.by_county, "county"),
        "lagging": {
            "height": _bar_height(len(charted)),
            "links": {"kind": "task", "template": task_links, "ids": [t.task_id for t in charted]},
            "option": lagging_chart,
        },
        "scatter": {
            "height": 380,
            "links": {"kind": "task", "template": task_links},
            "option": scatter_chart,
        },
        "trend": {
            "height": 340,
            "links": _drill_links(
                all_periods, ("period", [row.period_id for row in cockpit.trend]), cockpit.statuses
            ),
            "option": trend_chart,
        },
    }


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def cockpit_charts_script(cockpit: Cockpit) -> SafeString:
    """The charts as the page embeds them (`json_script`). The page keeps the result with the
    rest of its rendered figures (views._figures), so it is built once per data version."""
    return json_script(cockpit_charts(cockpit), "cockpit-charts")
