"""Reading 牵头部门 cells as printed: separators, parentheses, run-on names, kinds."""

import pytest

from duban.orgs import naming

KNOWN = {"市科技局", "各县(市、区)政府", "嘉兴经济技术开发区(国际商务区)", "嘉兴港区"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("嘉善县政府、", ["嘉善县政府"]),
        ("市发展改革委、长三角发展办", ["市发展改革委", "长三角发展办"]),
        # "、" inside parentheses never splits a name.
        ("各县(市、区)政府", ["各县(市、区)政府"]),
        ("有关县(市、区)政府", ["有关县(市、区)政府"]),
        # A missing separator: the group name and the zone are printed run together.
        (
            "市科技局、各县(市、区)政府嘉兴经济技术开发区(国际商务区)、嘉兴港区",
            ["市科技局", "各县(市、区)政府", "嘉兴经济技术开发区(国际商务区)", "嘉兴港区"],
        ),
        ("市发展改革委市生态环境局", ["市发展改革委", "市生态环境局"]),
        ("市委组织部", ["市委组织部"]),
        ("团市委", ["团市委"]),
        ("人行嘉兴市中心支行、", ["人行嘉兴市中心支行"]),
        ("浙江红船干部学院", ["浙江红船干部学院"]),
        ("市人力社保局,市医保局", ["市人力社保局", "市医保局"]),
        ("市财政局;市税务局", ["市财政局", "市税务局"]),
    ],
)
def test_read_unit_names(cell, expected):
    assert naming.read_unit_names(cell, KNOWN.__contains__) == expected


@pytest.mark.parametrize(
    ("line", "is_units"),
    [
        ("嘉善县政府、", True),
        ("市商务局", True),
        ("按时推进", False),
        # Progress sentences, even short ones without a full stop, are not unit lines.
        ("市区快速路环线一二期工程、T1线一期工程示范段于6月25日正式通车", False),
        ("开展低碳工业园区建设和“零碳”体系试点", False),
        ("2.12个高能级产业园产业当前集聚度达到72.7%", False),
        ("1.推进高水平生态绿色示范区建设专项行动,嘉善县今年排定85个重点项目", False),
        ("", False),
    ],
)
def test_is_unit_line(line, is_units):
    assert naming.is_unit_line(line) is is_units


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("南湖区政府", "county"),
        ("平湖市政府", "county"),
        ("嘉善县政府", "county"),
        ("各县(市、区)政府", "group"),
        ("有关县(市、区)政府", "group"),
        ("嘉兴港区", "zone"),
        ("嘉兴经济技术开发区(国际商务区)", "zone"),
        ("嘉通集团", "enterprise"),
        ("市委组织部", "party"),
        ("团市委", "party"),
        ("市商务局", "department"),
        ("长三角发展办", "department"),
    ],
)
def test_infer_kind(name, kind):
    assert naming.infer_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("交通运输局", ["市交通运输局"]),
        ("市交通运输局", ["交通运输局"]),
        ("各县(市、区)政府", []),
        ("省交通运输厅", []),
    ],
)
def test_municipal_variants(name, variants):
    assert list(naming.municipal_variants(name)) == variants


def test_split_top_level_keeps_parenthesised_separators():
    assert naming.split_top_level("甲局、乙(丙、丁)办、") == ["甲局", "乙(丙、丁)办"]
