"""Spreadsheet cells the project writes: never a live formula, never a crash on control
characters (docs/decisions/0016-formula-injection.md)."""

import csv
import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from duban.core.models import AuditEvent
from duban.exports.renderers.cells import csv_cell, is_formula_like, printable
from duban.exports.renderers.csv import render_csv
from duban.exports.renderers.xlsx import render_rows_xlsx, render_xlsx
from duban.exports.table import PrintedRow, PrintedTable
from duban.publishing.models import PublishedRow

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "formula_like"),
    [
        (HYPERLINK, True),
        ("+1+cmd|' /C calc'!A0", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("@SUM(A1:A2)", True),
        ("\t=1+1", True),
        ("\r=1+1", True),
        ("-", True),
        ("- 推进中", True),
        ("-3.5%", False),
        ("+2", False),
        ("-0.5", False),
        ("12", False),
        ("任务=目标", False),
        ("", False),
    ],
)
def test_formula_like_text(text, formula_like):
    assert is_formula_like(text) is formula_like


def test_csv_cells_put_formula_like_text_behind_an_apostrophe():
    assert csv_cell(HYPERLINK) == "'" + HYPERLINK
    assert csv_cell("-3.5%") == "-3.5%"
    assert csv_cell(7) == "7"
    assert csv_cell(None) == ""


def test_printable_drops_what_xml_cannot_hold_and_keeps_line_breaks():
    assert printable("a\x00b\x07c\x0bd\te\nf\rg") == "abcd\te\nf\rg"


def _row(task: str) -> PrintedRow:
    return PrintedRow(
        seq="1",
        task=task,
        progress="进展\x00。",
        departments_text="市商务局",
        departments=["市商务局"],
        status="",
        status_label="",
    )


def test_xlsx_renderer_never_crashes_on_control_characters_and_writes_text():
    table = PrintedTable(title="标题\x00", rows=[_row(HYPERLINK)])
    sheet = load_workbook(io.BytesIO(render_xlsx(table))).active
    cell = sheet.cell(row=4, column=2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
    assert sheet.cell(row=4, column=3).value == "进展。"
    assert sheet["A1"].value == "标题"


def test_rows_xlsx_keeps_numbers_as_numbers():
    data = render_rows_xlsx(title="t", header=["a", "b", "c"], rows=[[-3.5, "-3.5%", "=1+1"]])
    sheet = load_workbook(io.BytesIO(data)).active
    number, printed, formula = sheet[3]
    assert (number.value, number.data_type) == (-3.5, "n")
    assert (printed.value, printed.data_type, printed.quotePrefix) == ("-3.5%", "s", False)
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)


def test_csv_renderer_never_crashes_on_control_characters():
    table = PrintedTable(title="标题", rows=[_row(HYPERLINK)])
    rows = list(csv.reader(io.StringIO(render_csv(table).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + HYPERLINK
    assert rows[1][2] == "进展。"


@pytest.mark.django_db
def test_a_username_typed_at_sign_in_is_text_in_the_audit_export(client, make_user):
    client.post(reverse("accounts:login"), {"username": HYPERLINK, "password": "wrong-password"})
    assert AuditEvent.objects.filter(verb="accounts.login_failed").exists()
    client.force_login(make_user("audit_admin"))
    response = client.get(reverse("audit:audit_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value]
    named = [cell for cell in cells if HYPERLINK in str(cell.value)]
    assert named
    assert all(cell.data_type == "s" for cell in named)
    assert next(c for c in named if c.value == HYPERLINK).quotePrefix


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_imported_task_text_is_text_in_the_public_downloads(client, seed_publication, fmt):
    cache.clear()
    first = PublishedRow.objects.filter(publication=seed_publication).order_by("position")[0]
    PublishedRow.objects.filter(pk=first.pk).update(task=HYPERLINK)
    url = reverse("publishing:publication_download", args=[seed_publication.pk, fmt])
    response = client.get(url)
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = sheet.cell(row=4, column=2)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][1] == "'" + HYPERLINK
    cache.clear()


def test_a_workbook_bytes_depend_only_on_its_content():
    # No clock in the file: the zip entries and the document properties carry a fixed time.
    first = render_rows_xlsx(title="表", header=["序号"], rows=[["1"]])
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {entry.date_time for entry in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert b"2000-01-01T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml")
    assert render_rows_xlsx(title="表", header=["序号"], rows=[["1"]]) == first
