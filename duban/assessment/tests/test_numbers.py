"""Numerals, magnitudes, units and normalisation."""

import pytest

from duban.assessment.extraction.numbers import (
    format_quantity,
    normalize,
    parse_chinese_integer,
    read_magnitude_and_unit,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百二十", 120),
        ("一百零五", 105),
        ("三百五", 350),
        ("一千", 1000),
        ("一千零一十", 1010),
        ("两万", 20000),
        ("一万五", 15000),
        ("一万五千", 15000),
        ("十万", 100000),
        ("三千五百万", 35000000),
        ("一亿五千万", 150000000),
        ("三万亿", 3 * 10**12),
        ("二〇二一", 2021),
        ("贰拾", 20),
    ],
)
def test_parse_chinese_integer_reads_numerals(numeral: str, value: int) -> None:
    assert parse_chinese_integer(numeral) == value


@pytest.mark.parametrize(
    "text", ["十四五", "一二", "万", "百", "千", "", "两两", "五0", "九0", "十5", "三万2", "0", "a"]
)
def test_parse_chinese_integer_refuses_names_and_fragments(text: str) -> None:
    assert parse_chinese_integer(text) is None


@pytest.mark.parametrize(
    ("text", "multiplier", "unit", "end"),
    [
        ("万人", 10**4, "人", 2),
        ("亿元", 10**8, "元", 2),
        ("亿美元", 10**8, "美元", 3),
        ("万亩", 10**4, "亩", 2),
        ("万吨标煤空间", 10**4, "吨标煤", 4),
        ("千米", 1, "千米", 2),
        ("万千瓦", 10**4, "千瓦", 3),
        ("个百分点", 1, "个百分点", 4),
        ("微克/立方米", 1, "微克/立方米", 6),
        ("千万元", 10**7, "元", 3),
        ("家企业", 1, "家", 1),
        ("年", 1, None, 0),
        ("万", 10**4, None, 1),
    ],
)
def test_read_magnitude_and_unit(text: str, multiplier: int, unit: str | None, end: int) -> None:
    reading = read_magnitude_and_unit(text, 0)
    assert (reading.multiplier, reading.unit, reading.end) == (multiplier, unit, end)


def test_normalize_half_width_and_spacing_with_offsets_back() -> None:
    source = normalize("完成投资 296.47 亿元，增长１２．５％")
    assert source.text == "完成投资296.47亿元,增长12.5%"
    start = source.text.index("296")
    assert source.original_span(start, start + len("296.47亿元")) == "296.47 亿元"


def test_normalize_without_spaces_keeps_identity_offsets() -> None:
    source = normalize("新增城镇就业16万人")
    assert source.offsets is None
    assert source.original_span(0, 2) == "新增"


@pytest.mark.parametrize(
    ("value", "unit", "printed"),
    [
        (160000, "人", "16万人"),
        (92700, "人", "9.27万人"),
        (11095000000, "元", "110.95亿元"),
        (2616, None, "2616"),
        (8, "%", "8%"),
        (57.9, "%", "57.9%"),
        (12.97, "‰", "12.97‰"),
    ],
)
def test_format_quantity_prints_like_the_tables(
    value: float, unit: str | None, printed: str
) -> None:
    assert format_quantity(value, unit) == printed
