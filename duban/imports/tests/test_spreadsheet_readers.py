"""Old Excel (.xls) and .ods: values as a person sees them, damaged files refused."""

import pytest

from duban.imports.readers import ReadError, read_table
from duban.imports.readers.detect import OLD_WORD_REFUSED, OLE2_MAGIC, detect_format
from duban.imports.readers.xls import SPREADSHEET_NAMES, SPREADSHEET_UNREADABLE, cell_text
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

HINTS = table_hints(DepartmentDirectory(government=None))
OLE2 = OLE2_MAGIC
XLS_UNREADABLE = SPREADSHEET_UNREADABLE.format(name=SPREADSHEET_NAMES["xls"])
ODS_UNREADABLE = SPREADSHEET_UNREADABLE.format(name=SPREADSHEET_NAMES["ods"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (12.0, "12"),
        (12, "12"),
        (4.17, "4.17"),
        (True, "TRUE"),
        (" 甲 \r\n乙 ", "甲\n乙"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.doc", OLE2 + b"rest", OLD_WORD_REFUSED),
        ("a.xls", OLE2 + b"rest", XLS_UNREADABLE),
        ("a.xls", b"broken", XLS_UNREADABLE),
        ("a.ods", b"PK\x03\x04broken", ODS_UNREADABLE),
    ],
)
def test_broken_or_refused_office_files_raise_read_error_in_chinese(name, data, message):
    with pytest.raises(ReadError) as raised:
        read_table(name, data, HINTS)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.doc", OLE2 + b"rest", "doc"),
        ("upload.bin", OLE2 + b"rest", "xls"),
        ("a.xls", b"<html><table><tr><td>1</td></tr></table>", "html"),
        ("a.ods", b"broken", "ods"),
        ("a.xls", b"broken", "xls"),
    ],
)
def test_detect_old_office_files_by_content_then_suffix(name, data, expected):
    assert detect_format(name, data) == expected
