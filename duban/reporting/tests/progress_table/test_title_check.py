"""A file's own title against the year, government and period it is imported as."""

import pytest

from duban.reporting.progress_table.title_check import (
    TITLE_OTHER_GOVERNMENT,
    TITLE_OTHER_PERIOD,
    TITLE_OTHER_YEAR,
    title_warnings,
)


@pytest.mark.parametrize(
    ("title", "warnings"),
    [
        ("2022年嘉兴市政府工作报告重点工作1-9月进展情况", []),
        ("嘉兴市人民政府2022年重点工作(1—9月)", []),
        ("", []),
        (
            "2021年嘉兴市政府工作报告重点工作1-9月进展情况",
            [TITLE_OTHER_YEAR.format(found="2021", year=2022)],
        ),
        (
            "平阳县2022年民生实事1-9月进展",
            [TITLE_OTHER_GOVERNMENT.format(found="平阳县", government="嘉兴市")],
        ),
        (
            "2022年嘉兴市重点工作上半年进展情况",
            [TITLE_OTHER_PERIOD.format(found="上半年", period="1-9月")],
        ),
    ],
)
def test_title_warnings(title, warnings):
    assert title_warnings(title, government="嘉兴市", year=2022, period="1-9月") == warnings
