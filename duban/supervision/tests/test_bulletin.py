"""The bulletin's sentences, table-tested against practice."""

import pytest

from duban.supervision.bulletin import (
    StatusCount,
    excluded_sentence,
    gap_phrase,
    gap_text,
    names_or_none,
    percent_text,
    reason_text,
    summary_sentence,
)


@pytest.mark.parametrize(
    ("part", "whole", "places", "text"),
    [
        (44, 55, 1, "80.0%"),
        (11, 55, 1, "20.0%"),
        (7, 99, 1, "7.1%"),
        (88, 99, 1, "88.9%"),
        (3, 99, 1, "3.0%"),
        (1, 99, 1, "1.0%"),
        (95, 99, 1, "96.0%"),
        (17, 222, 1, "7.7%"),  # Jinzhai 欠进度
        (162, 222, 1, "73.0%"),  # 72.97… rounds half up to 73.0
        (1, 8, 1, "12.5%"),
        (1, 16, 1, "6.3%"),  # 6.25 → half up, not to even
        (10, 11, 0, "91%"),  # Xuancheng 2021 prints whole numbers
        (0, 5, 1, "0.0%"),
        (5, 5, 1, "100.0%"),
        (1, 0, 1, "—"),
    ],
)
def test_percent_text(part, whole, places, text):
    assert percent_text(part, whole, places) == text


JIAXING = [
    StatusCount("进度较快", 7),
    StatusCount("按时推进", 88),
    StatusCount("部分滞后", 3),
    StatusCount("进度滞后", 1),
]


@pytest.mark.parametrize(
    ("kwargs", "sentence"),
    [
        (
            {"total": 99, "parts": JIAXING, "on_schedule": 95},
            "列入本次通报的重点工作共99项,其中进度较快7项、占比7.1%,按时推进88项、占比88.9%,"
            "部分滞后3项、占比3.0%,进度滞后1项、占比1.0%;达到序时进度95项、占比96.0%。",
        ),
        (
            {
                "total": 55,
                "on_schedule": 44,
                "subject": "量化指标任务",
                "with_off_schedule": True,
            },
            "列入本次通报的量化指标任务共55项,达到序时进度44项、占比80.0%;"
            "未达到序时进度11项、占比20.0%。",
        ),
        (
            {"total": 11, "on_schedule": 10, "places": 0},
            "列入本次通报的重点工作共11项,达到序时进度10项、占比91%。",
        ),
        (
            {"total": 4, "parts": [StatusCount("按时推进", 4), StatusCount("部分滞后", 0)]},
            "列入本次通报的重点工作共4项,其中按时推进4项、占比100.0%。",
        ),
        ({"total": 0, "parts": JIAXING, "on_schedule": 0}, "列入本次通报的重点工作共0项。"),
    ],
)
def test_summary_sentence(kwargs, sentence):
    assert summary_sentence(**kwargs) == sentence


def test_excluded_sentence_names_the_left_out_tasks():
    assert excluded_sentence(1) == "另有1项重点工作尚未认定进展状态,未列入统计。"
    assert excluded_sentence(0) == ""


def test_names_or_none():
    assert names_or_none([]) == "无"
    assert names_or_none(["市财政局", "南湖区政府"]) == "市财政局、南湖区政府"


@pytest.mark.parametrize(
    ("pair", "phrase"),
    [
        (
            {"completion": 47.9, "time_share": 50.0, "gap_pp": 2.1, "gap_unit": "个百分点"},
            "完成47.9%,序时进度50.0%,落后2.1个百分点",
        ),
        ({"completion": None, "time_share": None, "gap_pp": 2.9}, "低于目标2.9个百分点"),
        ({"gap_pp": 5.8, "gap_unit": "%"}, "低于目标5.8%"),
        ({"gap_pp": 2, "gap_unit": "位"}, "低于目标2位"),
        ({"completion": 55.3, "time_share": 50.0, "gap_pp": -5.3}, ""),
        ({"gap_pp": None}, ""),
        ({}, ""),
    ],
)
def test_gap_phrase(pair, phrase):
    assert gap_phrase(pair) == phrase


def test_gap_text_names_each_lagging_figure():
    pairs = [
        {"target": "引进院士55名", "completion": 43.6, "time_share": 50.0, "gap_pp": 6.4},
        {"target": "国家级高端人才170名", "completion": 55.3, "time_share": 50.0, "gap_pp": -5.3},
        {"target": "", "gap_pp": 1.0},
    ]
    assert gap_text(pairs) == (
        "引进院士55名:完成43.6%,序时进度50.0%,落后6.4个百分点;低于目标1.0个百分点"
    )


@pytest.mark.parametrize(
    ("problems", "office_reason", "text"),
    [
        (["受疫情影响,项目开工推迟。"], "", "受疫情影响,项目开工推迟"),
        (["1.用地指标未落实。\n2.资金到位较慢。"], "", "1.用地指标未落实;2.资金到位较慢"),
        (["", "招标流标一次。"], "", "招标流标一次"),  # the last submitted version
        (["  ", ""], "子项综合研判", "子项综合研判"),
        ([], "", ""),  # really empty: the bulletin says it was not sent
    ],
)
def test_reason_text_uses_what_the_department_wrote(problems, office_reason, text):
    assert reason_text(problems=problems, office_reason=office_reason) == text
