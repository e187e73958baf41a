"""Run on its own (`python calamine_sheets.py MAX_CELLS MAX_BYTES`): a workbook on stdin, its
sheets as JSON on stdout.

calamine is Rust: a damaged .xls can make it try to allocate hundreds of gigabytes, which
aborts the whole process, or panic. Reading in a child process under a memory limit keeps the
worker alive; the parent (`xls.py`) turns any failure of the child into a `ReadError`. This
file imports nothing of the project so that the child starts fast and without Django.
"""

import datetime
import io
import json
import resource
import sys

TOO_LARGE_EXIT = 3
LOCKED_EXIT = 4
UNREADABLE_EXIT = 5


def cell_text(value: object) -> str:
    """The text a person sees in the cell (calamine gives numbers, dates and text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return str(value)


def sheets(data: bytes, max_cells: int) -> list[dict[str, object]]:
    # Imported after the memory limit is set, so that it holds for calamine too.
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    result: list[dict[str, object]] = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        if sheet.end is not None and (sheet.end[0] + 1) * (sheet.end[1] + 1) > max_cells:
            sys.exit(TOO_LARGE_EXIT)
        rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merged = [list(map(list, region)) for region in sheet.merged_cell_ranges or ()]
        result.append({"rows": rows, "merged": merged})
    return result


def main() -> None:
    max_cells, max_bytes = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    data = sys.stdin.buffer.read()
    try:
        found = sheets(data, max_cells)
    except Exception as error:  # the parent only needs to know it failed, and whether locked
        sys.exit(LOCKED_EXIT if type(error).__name__ == "PasswordError" else UNREADABLE_EXIT)
    sys.stdout.write(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
