"""Mutated real tables: the readers raise only ReadError, never anything else, never hang.

Seeded from the real tables under the fixtures (and an xlsx made from them); a fixed,
derandomized budget keeps the whole file well under 30 s in CI."""

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.conftest import fuzz_examples
from duban.demo.seed import SEED_FILE
from duban.imports.readers import ReadError, SourceTable, read_table
from duban.imports.readers.detect import UNREADABLE
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.progress_table.columns import table_hints

from . import hostile

HINTS = table_hints(DepartmentDirectory(government=None))
ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    ("t.txt", SEED_FILE.read_bytes()[:20_000]),
    ("t.html", (ROOT / "imports/tests/fixtures/jiaxing-rowspans.html").read_bytes()),
    ("t.csv", '序号,工作任务,进展情况,牵头部门\r\n1,任务。,"一。\n二。",市商务局\r\n'.encode()),
    (
        "t.json",
        '[{"seq": "1", "task": "任务。", "progress": "进展。", "lead": ["市商务局"]}]'.encode(),
    ),
]
XLSX = hostile.plain_xlsx()
FUZZ = settings(
    max_examples=fuzz_examples(60),
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        position = draw(st.integers(0, max(0, len(buffer) - 1)))
        if action == "flip" and buffer:
            buffer[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del buffer[position:]
        elif action == "insert":
            buffer[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif buffer:
            del buffer[position : position + draw(st.integers(1, 32))]
    return bytes(buffer)


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(SEEDS))
    return name, _mutate(data, draw)


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    """The xlsx with one XML part mutated inside a well-formed zip, or the zip itself."""
    if draw(st.booleans()):
        return _mutate(XLSX, draw)
    source = zipfile.ZipFile(io.BytesIO(XLSX))
    target_name = draw(st.sampled_from(source.namelist()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == target_name:
                content = _mutate(content, draw)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def _read_only_or_refuse(name: str, data: bytes) -> None:
    try:
        outcome: object = read_table(name, data, HINTS)
    except ReadError as error:
        outcome = str(error)
    # The catch-all message means a reader raised something of its own: a bug to fix.
    assert outcome != UNREADABLE.format(name=name)
    assert isinstance(outcome, SourceTable | str)


@FUZZ
@given(mutated_files())
def test_mutated_text_html_csv_json(file):
    _read_only_or_refuse(*file)


@FUZZ
@given(mutated_xlsx())
def test_mutated_xlsx(data):
    _read_only_or_refuse("t.xlsx", data)
