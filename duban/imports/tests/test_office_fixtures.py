"""Word (.docx), old Excel (.xls) and .ods: merged cells, several tables, values as printed.

The office files under fixtures/ are built from other governments' published tables
(build_office_fixtures.py, SOURCES.md); each must read to the same cells as its HTML original.
"""

from pathlib import Path

import pytest

from duban.imports.readers import ReadError, SourceTable, read_table
from duban.imports.readers.base import TableHints
from duban.imports.readers.detect import detect_format
from duban.imports.readers.xls import SPREADSHEET_NAMES, SPREADSHEET_UNREADABLE
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

# Every header is its own field: the whole grid is compared, not only the progress columns.
HINTS = table_hints(DepartmentDirectory(government=None))
EVERY_COLUMN = TableHints(
    field_for_header=lambda header: header,
    roles={},
    is_label=lambda text: False,
    is_list_line=lambda text: False,
)
FIXTURES = Path(__file__).parent / "fixtures"
GOVERNMENTS = Path(__file__).parents[2] / "reporting" / "tests" / "fixtures" / "governments"
OFFICE_FILES = [
    "04-shaoxing-2020-q1.docx",
    "07-keqiao-2023-q1.docx",
    "10-huzhou-2023-h1.docx",
    "15-linan-2022-m09.docx",
    "21-meishan-2017-m11.docx",
    "04-shaoxing-2020-q1.xls",
    "06-taishun-2024-m04.xls",
    "15-linan-2022-m09.xls",
    "21-meishan-2017-m11.xls",
]


def _read(name: str, data: bytes, hints: TableHints) -> SourceTable | str:
    try:
        return read_table(name, data, hints)
    except ReadError as error:
        return str(error)


def _rows(table: SourceTable) -> list[tuple[dict[str, str], set[str]]]:
    return [(row.cells, row.carried) for row in table.rows]


def _html_original(name: str, hints: TableHints) -> SourceTable | str:
    html = GOVERNMENTS / (Path(name).stem + ".html")
    return _read(html.name, html.read_bytes(), hints)


@pytest.mark.parametrize("name", OFFICE_FILES)
@pytest.mark.parametrize("hints", [HINTS, EVERY_COLUMN], ids=["progress-table", "every-column"])
def test_office_file_reads_the_same_cells_as_its_published_html(name, hints):
    expected = _html_original(name, hints)
    table = _read(name, (FIXTURES / name).read_bytes(), hints)
    if isinstance(expected, str):  # refused alike, with the same message
        assert table == expected
        return
    assert isinstance(table, SourceTable), table
    assert table.format == Path(name).suffix[1:]
    assert table.fields == expected.fields
    assert table.ignored_headers == expected.ignored_headers
    assert _rows(table) == _rows(expected)
    assert table.meta["title"] == expected.meta["title"]
    if table.format == "docx":
        assert [r.number for r in table.rows] == [r.number for r in expected.rows]
    else:  # the sheet's own row numbers: the title lines above the table come first
        offsets = {r.number - e.number for r, e in zip(table.rows, expected.rows, strict=True)}
        assert len(offsets) == 1


def test_some_office_fixtures_read_with_the_progress_table_hints():
    table = read_table("t.docx", (FIXTURES / "04-shaoxing-2020-q1.docx").read_bytes(), HINTS)
    assert table.fields == ["seq", "task", "progress", "departments"]
    assert len(table.rows) == 3


def test_docx_vertical_and_horizontal_merges_are_expanded_like_html_spans():
    table = read_table("t.docx", (FIXTURES / "21-meishan-2017-m11.docx").read_bytes(), EVERY_COLUMN)
    row8 = next(row for row in table.rows if row.cells["序号"] == "8")
    # A gridSpan over 进度 and 完成目标 gives both the text, as a colspan does.
    progress = "发放一次性创业补贴262万元,争取创业补贴、贷款537万元。"
    assert row8.cells["进度"] == row8.cells["完成目标(%)"] == progress
    assert "进度" not in row8.carried
    # A vMerge carries the text down and marks it carried, as a rowspan does.
    assert row8.cells["工程名称"] == "就业促进工程"
    assert "工程名称" in row8.carried
    # Line breaks (w:br) inside a cell stay "\n".
    assert row8.cells["市级牵头责任单位"] == "市人力资源社会保障局、市教体局、\n团市委"


def test_docx_cell_paragraphs_are_lines():
    table = read_table("t.docx", (FIXTURES / "10-huzhou-2023-h1.docx").read_bytes(), EVERY_COLUMN)
    assert table.rows[0].cells["推进情况"].count("\n") == 2


def test_xls_values_read_as_a_person_sees_them():
    data = (FIXTURES / "values-dates-and-numbers.xls").read_bytes()
    (row,) = read_table("t.xls", data, EVERY_COLUMN).rows
    assert row.cells["序号"] == "12"
    assert row.cells["完成时限"] == "2024-05-11"
    assert row.cells["更新时间"] == "2024-05-11 10:19"
    assert row.cells["目标"] == "12.5"
    # calamine gives no number formats: a percent cell comes out as its value (decision 0019).
    assert row.cells["完成率"] == "0.72"


def test_ods_merged_cells_are_not_carried_since_calamine_does_not_name_them():
    data = (FIXTURES / "07-keqiao-2023-q1.ods").read_bytes()
    table = read_table("t.ods", data, EVERY_COLUMN)
    expected = _html_original("07-keqiao-2023-q1.ods", EVERY_COLUMN)
    assert isinstance(expected, SourceTable)
    assert table.format == "ods"
    assert table.fields == expected.fields
    assert table.meta["title"] == expected.meta["title"]
    # What a merge covers is empty: the cells as the HTML has them, less the carried ones.
    assert [row.cells for row in table.rows] == [
        {f: ("" if f in row.carried else text) for f, text in row.cells.items()}
        for row in expected.rows
    ]
    assert all(not row.carried for row in table.rows)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.docx", (FIXTURES / "15-linan-2022-m09.docx").read_bytes(), "docx"),
        ("upload.bin", (FIXTURES / "15-linan-2022-m09.docx").read_bytes(), "docx"),
        ("a.xlsx", (FIXTURES / "07-keqiao-2023-q1.ods").read_bytes(), "ods"),
        ("upload.bin", (FIXTURES / "15-linan-2022-m09.xls").read_bytes(), "xls"),
    ],
)
def test_detect_office_formats_by_content_then_suffix(name, data, expected):
    assert detect_format(name, data) == expected


def test_a_truncated_real_xls_raises_read_error():
    data = (FIXTURES / "15-linan-2022-m09.xls").read_bytes()
    with pytest.raises(ReadError):
        read_table("t.xls", data[: len(data) // 2], HINTS)


def test_a_damaged_xls_that_makes_calamine_abort_is_a_read_error():
    # Mutated from 15-linan-2022-m09.xls: calamine asks for 687 GB and aborts its process,
    # which is the child's, not the worker's.
    data = (FIXTURES / "damaged-15-linan-2022-m09.xls").read_bytes()
    with pytest.raises(ReadError) as raised:
        read_table("t.xls", data, HINTS)
    assert str(raised.value) == SPREADSHEET_UNREADABLE.format(name=SPREADSHEET_NAMES["xls"])
