"""Readers stay within the import limits: what a file declares never decides what is allocated."""

import tracemalloc

import pytest

from duban.imports.readers import ReadError, read_table
from duban.imports.readers.limits import (
    SPAN_TOO_LARGE,
    TOO_MANY_CELLS,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
)
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

from . import hostile

HINTS = table_hints(DepartmentDirectory(government=None))
# Reading any of the hostile files once cost gigabytes; within limits it costs a few MB.
PEAK_BOUND = 200 * 2**20


def _peak(name: str, data: bytes) -> tuple[int, object]:
    tracemalloc.start()
    try:
        try:
            outcome: object = read_table(name, data, HINTS)
        except ReadError as error:
            outcome = error
        return tracemalloc.get_traced_memory()[1], outcome
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("label", list(hostile.HOSTILE))
def test_hostile_files_are_read_within_a_bounded_peak(label):
    name, build = hostile.HOSTILE[label]
    peak, _outcome = _peak(name, build())
    assert peak < PEAK_BOUND, f"{label}: {peak / 2**20:.0f} MB"


def test_a_cell_at_the_sheets_last_corner_is_refused_naming_the_cell(settings):
    with pytest.raises(ReadError) as caught:
        read_table("far.xlsx", hostile.far_cell_xlsx(), HINTS)
    expected = TOO_MANY_ROWS.format(limit=settings.DUBAN_IMPORT_MAX_ROWS, where="单元格 XFD1048576")
    assert str(caught.value) == expected


def test_a_far_column_is_refused_naming_the_cell(settings):
    settings.DUBAN_IMPORT_MAX_COLUMNS = 10
    data = hostile.plain_xlsx([[1, "任务。", "进展。", "市商务局", "按时推进", *[""] * 6, "远"]])
    with pytest.raises(ReadError) as caught:
        read_table("t.xlsx", data, HINTS)
    assert str(caught.value) == TOO_MANY_COLUMNS.format(limit=10, where="单元格 L2")


def test_a_merge_to_the_sheets_end_is_refused_naming_the_range(settings):
    with pytest.raises(ReadError) as caught:
        read_table("merge.xlsx", hostile.merge_to_sheet_end_xlsx(), HINTS)
    expected = SPAN_TOO_LARGE.format(
        limit=settings.DUBAN_IMPORT_MAX_SPAN, where="合并单元格 A2:XFD1048576"
    )
    assert str(caught.value) == expected


def test_a_merge_past_the_used_range_is_cut_to_it():
    def add_merge(xml: str) -> str:
        merge = '<mergeCells count="1"><mergeCell ref="E3:E400"/></mergeCells>'
        return xml.replace("</sheetData>", "</sheetData>" + merge)

    data = hostile.edit_zip_entry(hostile.plain_xlsx(), hostile.SHEET, add_merge)
    table = read_table("t.xlsx", data, HINTS)
    assert [row.number for row in table.rows] == [2, 3]


def test_a_declared_million_rows_reads_the_used_range():
    table = read_table("declared.xlsx", hostile.declared_million_rows_xlsx(), HINTS)
    assert [row.cells["task"] for row in table.rows] == ["任务一。", "任务二。"]


def test_too_many_cells_is_refused(settings):
    settings.DUBAN_IMPORT_MAX_CELLS = 12
    with pytest.raises(ReadError) as caught:
        read_table("t.xlsx", hostile.plain_xlsx([*hostile.ROWS, *hostile.ROWS]), HINTS)
    assert str(caught.value) == TOO_MANY_CELLS.format(limit=12, where="单元格 C3")


def test_html_spans_over_the_limit_are_refused_naming_the_row(settings):
    with pytest.raises(ReadError) as caught:
        read_table("spans.html", hostile.huge_spans_html(), HINTS)
    assert str(caught.value) == SPAN_TOO_LARGE.format(
        limit=settings.DUBAN_IMPORT_MAX_SPAN, where="第2行"
    )


def test_html_spans_within_the_span_limit_still_respect_the_cell_limit(settings):
    settings.DUBAN_IMPORT_MAX_CELLS = 10_000
    settings.DUBAN_IMPORT_MAX_COLUMNS = 10_000
    with pytest.raises(ReadError, match="个单元格的上限"):
        read_table("spans.html", hostile.huge_spans_html(span=400), HINTS)


def test_csv_rows_over_the_limit_are_refused(settings):
    settings.DUBAN_IMPORT_MAX_ROWS = 3
    text = "序号,工作任务,进展情况,牵头部门\n" + "1,任务。,进展。,市商务局\n" * 3
    with pytest.raises(ReadError) as caught:
        read_table("t.csv", text.encode(), HINTS)
    assert str(caught.value) == TOO_MANY_ROWS.format(limit=3, where="第4行")
