"""Fuzz: the extractor's public entry points never raise, on generated numerals (Chinese,
Arabic, mixed, 大写) and on real progress texts with random edits.

Each test has a fixed budget and `derandomize=True` (no example database), so CI runs the same
examples every time in a few seconds.
"""

import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.assessment.extraction import extract
from duban.assessment.extraction.actuals import extract_actuals
from duban.assessment.extraction.numbers import (
    format_quantity,
    normalize,
    parse_chinese_integer,
    read_magnitude_and_unit,
)
from duban.assessment.extraction.quantities import read_text
from duban.assessment.extraction.targets import extract_targets
from duban.assessment.rules import assess_row
from duban.assessment.tests.test_properties import to_chinese
from duban.conftest import fuzz_examples
from duban.demo.seed import SEED_FILE

FUZZ = settings(max_examples=fuzz_examples(100), deadline=None, derandomize=True, database=None)

_TESTS = Path(__file__).resolve().parents[2]
SEED_TEXT = SEED_FILE
LABELLED_ROWS = Path(__file__).parent / "fixtures" / "other-governments.jsonl"


def _real_texts() -> list[str]:
    """The seed's paragraphs that carry a figure, and the labelled rows' task and progress."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    texts = [line for line in lines if len(line) > 20 and any(c.isdigit() for c in line)]
    for line in LABELLED_ROWS.read_text(encoding="utf-8").splitlines():
        if line:
            row = json.loads(line)
            texts.extend((row["task"], row["progress"]))
    return texts


REAL_TEXTS = _real_texts()

# Pieces of numerals as people write them: 小写 and 大写 digits, 两, 〇/零, Arabic digits,
# section and big units (万亿 too), the decimal 点, and the words around percentages.
_NUMERAL_PIECES = list("〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万萬亿億点.")
_NUMERAL_PIECES += list("0123456789")
_NUMERAL_PIECES += ["万亿", "千万", "百万", "零点", "1,234", "0."]
_PREFIXES = ["", "增长", "百分之", "完成", "达到", "1-6月", "一至六月", "截至6月底", "第", "约"]
_PREFIXES += ["-"]
_SUFFIXES = ["", "%", "‰", "个百分点", "百分点", "万元", "亿元", "个", "家", "月", "年", "余人"]
_SUFFIXES += ["多", "-"]
_SUFFIXES += ["分之", "以上", "左右", "万千瓦", "吨标煤", "/吨", "级", "版"]

numerals = st.lists(st.sampled_from(_NUMERAL_PIECES), min_size=1, max_size=8).map("".join)
phrases = st.tuples(st.sampled_from(_PREFIXES), numerals, st.sampled_from(_SUFFIXES)).map("".join)
numeral_texts = st.lists(phrases, min_size=1, max_size=6).map(",".join)

_EDIT_CHARS = st.sampled_from([*_NUMERAL_PIECES, *"%-~,。;、()“”《》月日年个 \n", "个百分点"])


@st.composite
def mutated_real_texts(draw: st.DrawFn) -> str:
    """A real text with random insertions, deletions and swaps of characters."""
    chars = list(draw(st.sampled_from(REAL_TEXTS)))
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        operation = draw(st.sampled_from(["insert", "delete", "swap"]))
        index = draw(st.integers(min_value=0, max_value=max(len(chars) - 1, 0)))
        if operation == "insert" or not chars:
            chars.insert(index, draw(_EDIT_CHARS))
        elif operation == "delete":
            del chars[index]
        else:
            other = draw(st.integers(min_value=0, max_value=len(chars) - 1))
            chars[index], chars[other] = chars[other], chars[index]
    return "".join(chars)


def _every_entry_point(task: str, progress: str) -> None:
    extract(task, progress, 6, 2021)
    extract(progress, task, None, None)
    extract_targets(task)
    extract_actuals(progress, 2021)
    read_text(progress)
    source = normalize(progress)
    source.original_span(0, len(source.text))
    for position in range(0, len(source.text), 7):
        read_magnitude_and_unit(source.text, position)
    assess_row(task, progress, date(2021, 6, 30))


def test_the_mixed_numerals_that_crashed_the_pages() -> None:
    for text in ("增长百分之五0", "百分之九十九点九0", "完成目标的百分之五0,增长百分之九十九点九0"):
        _every_entry_point(text, text)


@FUZZ
@given(st.lists(st.sampled_from(_NUMERAL_PIECES), max_size=10).map("".join))
def test_parse_chinese_integer_never_raises(numeral: str) -> None:
    value = parse_chinese_integer(numeral)
    assert value is None or value >= 0


@FUZZ
@given(numeral_texts, numeral_texts)
def test_extractor_never_raises_on_generated_numerals(task: str, progress: str) -> None:
    _every_entry_point(task, progress)


@FUZZ
@given(mutated_real_texts(), mutated_real_texts())
def test_extractor_never_raises_on_mutated_real_texts(task: str, progress: str) -> None:
    _every_entry_point(task, progress)


@FUZZ
@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.sampled_from([None, "%", "个百分点", "元", "人", "倍", "吨标煤"]),
)
def test_format_quantity_never_raises(value: float, unit: str | None) -> None:
    assert format_quantity(value, unit)


_DAXIE = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


@FUZZ
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_daxie_numerals_round_trip(number: int) -> None:
    written = to_chinese(number)
    assert parse_chinese_integer(written.translate(_DAXIE)) == number
    assert parse_chinese_integer(written.replace("二千", "两千").replace("二万", "两万")) == number
