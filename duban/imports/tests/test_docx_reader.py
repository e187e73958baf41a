"""Word (.docx) tables: merged cells, several tables in one document, the title above."""

import io

import pytest
from docx import Document

from duban.imports.readers import ReadError, limits, read_table
from duban.imports.readers.detect import detect_format
from duban.imports.readers.docx import (
    DOCX_NO_HEADER,
    DOCX_NO_TABLE,
    DOCX_UNREADABLE,
    HEADERLESS_TABLE_SKIPPED,
    OTHER_TABLE_SKIPPED,
)
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

HINTS = table_hints(DepartmentDirectory(government=None))


def _docx(*blocks) -> bytes:
    """A document from ("p", text), ("h", text) and ("table", rows, merges) blocks."""
    document = Document()
    for block in blocks:
        if block[0] == "p":
            document.add_paragraph(block[1])
        elif block[0] == "h":
            document.add_heading(block[1], level=1)
        else:
            rows, merges = block[1], block[2] if len(block) > 2 else ()
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for (top, left), (bottom, right) in merges:
                table.cell(top, left).merge(table.cell(bottom, right))
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    if value is not None:
                        table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HEADER = ["序号", "工作任务", "进展情况", "牵头单位"]


def test_docx_tables_with_the_same_header_are_one_table_in_document_order():
    data = _docx(
        ("p", "附件1"),
        ("p", "2023年市政府重点工作任务推进情况表"),
        ("table", [HEADER, ["1", "任务一。", "进展一。", "市商务局"]]),
        ("p", "(续表)"),
        (
            "table",
            [
                HEADER,
                ["2", "任务二。", "进展二。", "市财政局"],
                [None, "子任务。", "子进展。", None],
            ],
            [((1, 0), (2, 0)), ((1, 3), (2, 3))],
        ),
    )
    table = read_table("t.docx", data, HINTS)
    assert [row.cells["task"] for row in table.rows] == ["任务一。", "任务二。", "子任务。"]
    # Numbers run on as in one long table, the second header counted as a row.
    assert [row.number for row in table.rows] == [2, 4, 5]
    sub = table.rows[2]
    assert sub.cells["seq"] == "2"
    assert "seq" in sub.carried
    assert sub.cells["departments"] == "市财政局"
    assert table.meta["title"] == "2023年市政府重点工作任务推进情况表"
    assert table.warnings == []


def test_docx_table_with_another_header_is_left_out_and_named():
    data = _docx(
        ("h", "2023年重点工作任务分解表"),
        (
            "table",
            [["序号", "牵头单位", "联系人"], ["1", "市商务局", "甲"], ["2", "市财政局", "乙"]],
        ),
        ("table", [HEADER, ["1", "任务一。", "进展一。", "市商务局"]]),
        ("table", [["说明"], ["本表由市政府办公室汇总。"]]),
    )
    table = read_table("t.docx", data, HINTS)
    # The other table has more rows but lacks the required columns: the task table is read.
    assert [row.cells["task"] for row in table.rows] == ["任务一。"]
    assert table.meta["title"] == "2023年重点工作任务分解表"  # the heading, though no 情况
    assert table.warnings == [
        OTHER_TABLE_SKIPPED.format(index=1, header="序号 | 牵头单位 | 联系人"),
        HEADERLESS_TABLE_SKIPPED.format(index=3),
    ]


def test_docx_of_two_task_tables_reads_the_larger():
    other = ["序号", "主要任务", "完成情况", "责任单位"]
    data = _docx(
        ("table", [HEADER, ["1", "任务一。", "进展一。", "市商务局"]]),
        (
            "table",
            [other, ["1", "甲。", "甲进展", "市财政局"], ["2", "乙。", "乙进展", "市财政局"]],
        ),
    )
    table = read_table("t.docx", data, HINTS)
    assert [row.cells["task"] for row in table.rows] == ["甲。", "乙。"]
    assert table.warnings == [
        OTHER_TABLE_SKIPPED.format(index=1, header=" | ".join(HEADER)),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not a zip", DOCX_UNREADABLE),
        (b"", DOCX_UNREADABLE),
        (_docx(("p", "没有表格")), DOCX_NO_TABLE),
        (_docx(("table", [["甲", "乙"], ["1", "2"]])), DOCX_NO_HEADER),
    ],
)
def test_docx_refusals_name_the_problem(data, message):
    with pytest.raises(ReadError) as raised:
        read_table("breakdown.docx", data, HINTS)
    assert str(raised.value) == message


def test_a_table_larger_than_the_limit_is_refused(settings):
    settings.DUBAN_IMPORT_MAX_CELLS = 10
    data = _docx(("table", [HEADER, *[["1", "任务。", "进展。", "市商务局"]] * 3]))
    with pytest.raises(ReadError) as raised:
        read_table("t.docx", data, HINTS)
    assert str(raised.value) == limits.TOO_MANY_CELLS.format(limit=10, where="展开合并单元格后")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("upload.bin", _docx(("p", "正文")), "docx"),
        ("a.docx", b"broken", "docx"),
        ("a.docx", b"PK\x03\x04broken", "docx"),
    ],
)
def test_detect_word_by_content_then_suffix(name, data, expected):
    assert detect_format(name, data) == expected


def test_a_docx_that_unpacks_too_large_is_refused_before_it_is_opened(settings):
    settings.DUBAN_IMPORT_MAX_UNZIPPED_BYTES = 1024
    with pytest.raises(ReadError) as raised:
        read_table("t.docx", _docx(("p", "正文")), HINTS)
    assert str(raised.value) == limits.UNZIPPED_TOO_LARGE.format(limit=0)
