"""The diff of two report texts: by phrase, numbers whole, every character accounted for."""

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.reporting.diff import Segment, segments_similarity, similarity, text_diff

OLD = "1.1-6月,全市规上工业增加值增长9.1%,完成投资110.95亿元。\n2.召开推进会3次。"
NEW = "1.1-9月,全市规上工业增加值增长12.7%,完成投资110.95亿元。\n2.召开推进会3次。"


def _old(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "added")


def _new(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "removed")


def test_numbers_stay_whole():
    segments = text_diff(OLD, NEW)
    changed = [(s.op, s.text) for s in segments if s.op != "same"]
    assert changed == [
        ("removed", "1-6月"),
        ("added", "1-9月"),
        ("removed", "9.1%"),
        ("added", "12.7%"),
    ]
    assert Segment("same", ",全市规上工业增加值增长") in segments


def test_unchanged_phrases_are_one_same_run():
    segments = text_diff(OLD, NEW)
    assert segments[-1] == Segment("same", ",完成投资110.95亿元。\n2.召开推进会3次。")


def test_one_character_edit_inside_a_phrase():
    segments = text_diff("1.第一稿。", "1.第二稿。")
    assert segments == [
        Segment("same", "1.第"),
        Segment("removed", "一"),
        Segment("added", "二"),
        Segment("same", "稿。"),
    ]


def test_a_list_number_before_a_month_range_is_not_a_decimal():
    segments = text_diff("1.1-6月完成5个。", "1.1-9月完成8个。")
    assert [s.text for s in segments if s.op == "removed"] == ["1-6月", "5"]


def test_thousands_separators_are_part_of_the_number():
    segments = text_diff("完成1,234个,增长5%", "完成1,240个,增长5%")
    assert ("removed", "1,234") in [(s.op, s.text) for s in segments]
    assert ("added", "1,240") in [(s.op, s.text) for s in segments]


def test_similarity():
    assert similarity("", "") == 1.0
    assert similarity(OLD, OLD) == 1.0
    assert similarity("abc", "") == 0.0
    assert 0.75 < similarity(OLD, NEW) < 1.0  # two figures changed, each counted whole
    assert segments_similarity(text_diff(OLD, NEW)) == similarity(OLD, NEW)


def test_long_texts_that_share_nothing_come_back_whole():
    old = "甲乙丙丁,戊己庚辛。" * 2000
    new = "子丑寅卯,辰巳午未。" * 2000
    segments = text_diff(old, new)
    assert _old(segments) == old
    assert _new(segments) == new
    assert similarity(old, new) < 0.25  # the separators only


def test_a_text_of_thousands_of_phrases_is_compared_by_coarser_runs():
    old = "".join(f"第{i}项,甲乙丙," for i in range(3000))
    new = "".join(f"第{i}项,丙乙甲," for i in range(3000))
    segments = text_diff(old, new)
    assert _old(segments) == old
    assert _new(segments) == new


_PIECES = st.sampled_from(
    ["1-6月", "9.1%", "12", "亿元", ",", "。", "\n", "增长", "完成", "全市", "项目", "3", "个", ";"]
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.lists(_PIECES, max_size=40).map("".join))
def test_the_segments_rebuild_both_texts(old: str, new: str):
    segments = text_diff(old, new)
    assert _old(segments) == old
    assert _new(segments) == new
    assert all(s.text for s in segments)
    assert 0.0 <= similarity(old, new) <= 1.0
