"""Every spreadsheet cell the project writes goes through here (xlsx and csv).

Two dangers, both from text users typed or imported:
- formula injection: a cell starting with = + - @ (or a tab or carriage return) would be
  run by Excel as a formula (``=HYPERLINK(...)``, DDE). It is written as text: in xlsx as a
  string cell with Excel's quote prefix, in csv with a leading apostrophe. A plain number
  ("-3.5", "+2%") is no formula and is written as printed. See
  docs/decisions/0016-formula-injection.md.
- control characters: NUL and the other characters XML forbids make openpyxl refuse the
  whole workbook (a 500 on the public download). They are dropped; tab, line feed and
  carriage return stay.
"""

import re
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")
# What XML 1.0 does not allow in a document, plus lone surrogates (not encodable as UTF-8).
_UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without the characters a spreadsheet file cannot hold."""
    return _UNPRINTABLE_RE.sub("", text)


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read `text` as a formula? A plain number would be read as one."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER_RE.fullmatch(text)


def csv_cell(value: Any) -> str:
    """A csv cell's text: formula-like text behind an apostrophe, unprintables dropped."""
    text = "" if value is None else printable(str(value))
    return "'" + text if is_formula_like(text) else text


def xlsx_cell(sheet: Worksheet, value: Any) -> Any:
    """What to append to `sheet` for `value`: numbers and dates as they are, text as a
    string cell (never a formula), unprintables dropped."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    if not is_formula_like(text):
        return text
    cell = Cell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def xlsx_row(sheet: Worksheet, values: list[Any]) -> None:
    """Append one row of values to `sheet`, each made safe by `xlsx_cell`."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
