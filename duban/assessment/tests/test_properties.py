"""Properties: the extractor never raises, numerals and magnitudes round-trip."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.assessment.extraction import extract
from duban.assessment.extraction.numbers import parse_chinese_integer
from duban.assessment.extraction.targets import extract_targets
from duban.assessment.rules import assess_row

_DIGITS = "零一二三四五六七八九"
_SECTION_UNITS = ("千", "百", "十", "")

# Characters that exercise the grammar: numerals, magnitudes, units, ranges, qualifiers,
# brackets and quotes, full-width forms, spacing.
_GRAMMAR_CHARS = list(
    '一二三四五六七八九十百千万亿两零〇0123456789.%‰-—~至月日年底,。、;:()“”《》"个家人元亩吨'
    "增长下降以上以内左右力争确保截至其中预计计划目标完成率第全省市前强级版 \n１２％．，"
)


def _chinese_section(number: int) -> str:
    """A number below 10000 in Chinese numerals (an independent writer, not the parser's
    mirror)."""
    digits = (number // 1000, number // 100 % 10, number // 10 % 10, number % 10)
    written, pending_zero = "", False
    for digit, unit in zip(digits, _SECTION_UNITS, strict=True):
        if digit == 0:
            pending_zero = bool(written)
            continue
        if pending_zero:
            written += "零"
            pending_zero = False
        written += _DIGITS[digit] + unit
    return written


def to_chinese(number: int) -> str:
    """A number below 10¹² in Chinese numerals: 1010 → 一千零一十, 100000001 → 一亿零一."""
    if number == 0:
        return "零"
    groups = ((number // 10**8, "亿"), (number // 10**4 % 10**4, "万"), (number % 10**4, ""))
    written, pending_zero = "", False
    for value, unit in groups:
        if value == 0:
            pending_zero = pending_zero or bool(written)
            continue
        if written and (pending_zero or value < 1000):
            written += "零"
        written += _chinese_section(value) + unit
        pending_zero = False
    return written


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=300))
def test_extract_never_raises_on_any_text(text: str) -> None:
    extract(text, text, 6, 2021)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.text(alphabet=st.sampled_from(_GRAMMAR_CHARS), max_size=200),
    st.text(alphabet=st.sampled_from(_GRAMMAR_CHARS), max_size=200),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_assess_row_never_raises_on_grammar_soup(task: str, progress: str, as_of: date) -> None:
    assessment = assess_row(task, progress, as_of)
    assert assessment.reasons


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(number: int) -> None:
    assert parse_chinese_integer(to_chinese(number)) == number


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=2, max_value=99_999_999))
def test_chinese_numerals_with_a_measure_word_are_targets(number: int) -> None:
    targets = extract_targets(f"新建小微企业园{to_chinese(number)}家。")
    assert [(target.value, target.unit) for target in targets] == [(number, "家")]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("千", 10**3), ("", 1)]),
    st.sampled_from(["人", "亩", "元", "美元", "吨标煤"]),
)
def test_arabic_numbers_with_magnitudes_round_trip(
    number: Decimal, magnitude: tuple[str, int], unit: str
) -> None:
    written, multiplier = magnitude
    targets = extract_targets(f"完成{number}{written}{unit}。")
    assert len(targets) == 1
    assert targets[0].unit == unit
    assert abs(targets[0].value - float(number) * multiplier) <= 1e-6 * float(number) * multiplier
