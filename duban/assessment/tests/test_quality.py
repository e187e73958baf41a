"""The report-quality check (quality.py): each flag, its reason, and what it must not flag."""

from datetime import date

import pytest

from duban.assessment.quality import (
    BOILERPLATE,
    CONTRADICTION,
    COPIED,
    EMPTY,
    NO_FIGURE,
    check_report,
    copied_similarity,
    is_empty,
)

Q3 = date(2022, 9, 30)


@pytest.mark.parametrize(
    ("progress", "empty"),
    [
        ("", True),
        ("/", True),
        ("无", True),
        ("已完成。", True),
        ("推进中", True),
        ("95%", False),
        ("32095", False),
        ("完成农村公路大中修50公里。", False),
    ],
)
def test_empty_means_no_evidence_not_short(progress: str, empty: bool) -> None:
    assert is_empty(progress) is empty


@pytest.mark.parametrize(
    ("previous", "current", "copied"),
    [
        (
            "完成大中修50公里,剩余预计11月底前完成。",
            "完成大中修50公里,剩余预计12月底前完成。",
            True,
        ),
        (
            "完成大中修50公里,剩余预计11月底前完成。",
            "完成大中修80公里,剩余预计11月底前完成。",
            False,
        ),
        (None, "完成大中修50公里。", False),
        ("完成大中修50公里。", "新建成保障性住房1721套,全部交付使用。", False),
    ],
)
def test_copied_is_the_same_text_with_the_same_figures(
    previous: str | None, current: str, copied: bool
) -> None:
    assert (copied_similarity(previous, current) is not None) is copied


@pytest.mark.parametrize(
    ("task", "progress", "previous", "stated", "flags"),
    [
        ("实施农村公路大中修100公里。", "已完成。", None, None, [EMPTY, NO_FIGURE]),
        ("实施农村公路大中修100公里。", "完成农村公路大中修80公里。", None, None, []),
        (
            "实施农村公路大中修100公里。",
            "按照年初工作部署,强化组织领导,压实工作责任,加强统筹协调,各项工作稳步推进、"
            "有序开展,总体进展顺利。",
            None,
            None,
            [NO_FIGURE, BOILERPLATE],
        ),
        (
            "实施农村公路大中修100公里。",
            "完成农村公路大中修50公里,剩余预计11月底前完成。",
            "完成农村公路大中修50公里,剩余预计10月底前完成。",
            "按时推进",
            [COPIED, CONTRADICTION],
        ),
        (
            "新增婴幼儿照护服务托位500个。",
            "新增婴幼儿照护服务托位600个。",
            None,
            "滞后",
            [CONTRADICTION],
        ),
        ("新增婴幼儿照护服务托位500个。", "新增婴幼儿照护服务托位400个。", None, "按时推进", []),
        ("建成投用3家中心敬老院。", "57%(赤溪、灵溪偏慢)", None, "按时推进", [CONTRADICTION]),
    ],
)
def test_flags(
    task: str, progress: str, previous: str | None, stated: str | None, flags: list[str]
) -> None:
    found = check_report(task, progress, Q3, previous=previous, self_status=stated)
    assert [flag.code for flag in found] == flags
    assert all(flag.reason and flag.name for flag in found)


def test_reasons_name_what_was_found() -> None:
    (flag,) = check_report(
        "新增婴幼儿照护服务托位500个。", "新增婴幼儿照护服务托位600个。", Q3, self_status="滞后"
    )
    assert flag.reason == "自评“滞后”,但“新增婴幼儿照护服务托位600个”已达到目标"
