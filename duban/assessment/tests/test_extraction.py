"""Targets, reported figures and their pairing, table-driven."""

import pytest

from duban.assessment.extraction import extract
from duban.assessment.extraction.actuals import extract_actuals
from duban.assessment.extraction.targets import extract_targets

TargetRow = tuple[float, str | None, str, str | None]


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        ("新增城镇就业16万人。", [(160000, "人", "amount", None)]),
        ("地区生产总值增长6.5%左右。", [(6.5, "%", "growth", "左右")]),
        ("确保固定资产投资增长8%以上、结构性指标增速高于面上投资。", [(8, "%", "growth", "以上")]),
        (
            "实际利用外资确保28亿美元、力争30亿美元。",
            [(2.8e9, "美元", "amount", "确保"), (3e9, "美元", "amount", "力争")],
        ),
        ("腾出40万吨标煤空间。", [(400000, "吨标煤", "amount", None)]),
        ("污染地块安全利用率93%以上。", [(93, "%", "level", "以上")]),
        ("确保市区PM2.5浓度低于32微克。", [(32, "微克", "ceiling", "低于")]),
        ("城镇调查失业率控制在5.5%以内。", [(5.5, "%", "ceiling", "以内")]),
        ("非刚性、非重点项目支出再压减10%。", [(10, "%", "reduction", None)]),
        ("出口名牌企业达到120家。", [(120, "家", "level", None)]),
        ("主导、参与制定省级以上标准累计达到1500项。", [(1500, "项", "level", "累计")]),
        ("巩固“全省第二”地位。", [(2, None, "rank", None)]),
        ("培育1-2个省级智慧商圈。", [(1, "个", "amount", None)]),
        (
            "新建农村公路一百二十公里、惠及居民两万户。",
            [(120, "公里", "amount", None), (20000, "户", "amount", None)],
        ),
        ("城镇居民人均可支配收入增长７％。", [(7, "%", "growth", None)]),
        ("推进三分之二以上的行政村集体经济收入达到50万元以上。", [(66.67, "%", "level", "以上")]),
        (
            "争取80%以上的村经常性收入达到150万元、经营性收入超过50万元。",
            [(80, "%", "level", "以上")],
        ),
        ("核心区亩均效益达到面上农业3倍以上。", [(3, "倍", "level", "以上")]),
        (
            "新开工亿元以上项目150个,其中10亿元以上项目20个。",
            [(150, "个", "amount", None), (20, "个", "amount", None)],
        ),
        ("增长百分之八。", [(8, "%", "growth", None)]),
        ("高新技术产业增加值占规上工业比重提高1个百分点。", [(1, "个百分点", "growth", None)]),
    ],
)
def test_extract_targets_reads_commitments(task: str, expected: list[TargetRow]) -> None:
    targets = extract_targets(task)
    assert [(round(t.value, 2), t.unit, t.kind, t.qualifier) for t in targets] == expected


@pytest.mark.parametrize(
    "task",
    [
        "深化“6+2”改革试点,争取省级综合授权改革。",
        "深入实施数字经济“一号工程2.0版”。",
        "争取“新时代重走一大路”纳入南湖景区5A级范围。",
        "组织开展“十四五”元年大招商。",
        "联动推进44个省市县长工程和298个“六个千亿”工程。",
        "加快建设桐乡复合材料、平湖箱包、海宁纺织3个国家级外贸转型升级基地。",
        "深化规划设计、基础设施、乡村治理等12个领域改革实践。",
        "开展10亿元以上项目“领跑者”评选。",
        "规下工业以亩均税收3万元为标准。",
        "每个园区深耕1-2个重点产业。",
        "推动10家上市公司苗子群体逐步上市。",
        "深化与霍尼韦尔等世界500强企业合作。",
        "市区快速路一二期建成通车。",
        "6月25日前完成,2023年底建成。",
        "推出庆祝建党100周年“百年百部”文艺精品。",
        "建立一套行业标准体系、一家行业研究院。",
        "从全市前十大传统行业和五大行业着手。",
        "提升海宁、桐乡两个副中心城市功能。",
    ],
)
def test_extract_targets_ignores_names_dates_scope_and_thresholds(task: str) -> None:
    assert extract_targets(task) == []


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ("1-6月,全市新增城镇就业9.27万人。", (92700, "人", "amount", (1, 6))),
        ("1—5月,全市新增有出口实绩企业427家。", (427, "家", "amount", (1, 5))),
        ("截至6月底,中心城区共计新增停车位4245个。", (4245, "个", "amount", (1, 6))),
        ("截至9月底,全市城镇新增就业4.1万人。", (41000, "人", "amount", (1, 9))),
        ("上半年进度48.6%。", (48.6, "%", "completion", (1, 6))),
        ("前三季度,全市地区生产总值增长6.1%。", (6.1, "%", "growth", (1, 9))),
        ("1-6月,市区PM2.5平均浓度为29微克/立方米。", (29, "微克/立方米", "level", (1, 6))),
        ("截至6月底办公费等支出同比下降20.78%。", (20.78, "%", "reduction", (1, 6))),
        ("1-6新增绿色工厂7家。", (7, "家", "amount", (1, 6))),
        ("目前,出口名牌企业数为113家。", (113, "家", "level", None)),
        ("于6月底全面组织开展申报工作新认定省科技型中小企业971家。", (971, "家", "amount", None)),
        ("全市外贸进出口总额 612.5 亿元。", (61250000000, "元", "amount", None)),
        ("一季度经济指标增速列全省第2位。", (2, None, "rank", (1, 3))),
    ],
)
def test_extract_actuals_reads_kind_unit_and_month_range(
    progress: str, expected: tuple[float, str | None, str, tuple[int, int] | None]
) -> None:
    actual = extract_actuals(progress)[-1]
    assert (round(actual.value, 2), actual.unit, actual.kind, actual.months) == expected


@pytest.mark.parametrize(
    ("progress", "index", "flag"),
    [
        ("年内计划完成投资290亿元。", 0, "plan"),
        ("完成54个(年度计划82个)。", 1, "plan"),
        ("已推荐9家企业至工信部参与评选。", 0, "pipeline"),
        ("拟确认31人为嘉兴市教坛新秀。", 0, "pipeline"),
        ("完成7个省级示范镇、56个精品村申报工作。", 0, "pipeline"),
        ("已编制完成20家创新企业研究院建设方案。", 0, "pipeline"),
        ("全市400个重点项目累计完成投资296亿元。", 0, "pipeline"),
        ("技术交易额预计超38亿元。", 0, "estimate"),
        ("其中限上消费品零售总额为310.28亿元。", 0, "part"),
    ],
)
def test_extract_actuals_flags_what_does_not_report_achievement(
    progress: str, index: int, flag: str
) -> None:
    actual = extract_actuals(progress)[index]
    assert getattr(actual, flag)
    assert not actual.reportable or flag in ("estimate", "part")


@pytest.mark.parametrize(
    ("progress", "kind", "reference", "behind"),
    [
        ("增长6.1%,低于目标0.9个百分点。", "gap", "schedule", True),
        ("完成率46.3%,低于序时进度3.7个百分点。", "gap", "schedule", True),
        ("出口增速高于全省4.2个百分点。", "gap", "peer", False),
        ("完成年度计划的92.8%,超序时进度1.1个百分点。", "gap", "schedule", False),
    ],
)
def test_extract_actuals_reads_stated_gaps(
    progress: str, kind: str, reference: str, behind: bool
) -> None:
    gap = extract_actuals(progress)[-1]
    assert (gap.kind, gap.gap_reference, gap.behind) == (kind, reference, behind)


@pytest.mark.parametrize(
    ("task", "progress", "as_of_month", "expected_pairs"),
    [
        (
            "落实稳就业政策措施,新增城镇就业16万人。",
            "截至6月,全市城镇新增就业9.27万人,失业人员再就业2.02万人。",
            6,
            [(160000, 92700)],
        ),
        (
            "地区生产总值增长7%左右。",
            "预计全年增长6.5%左右。1-9月,全市地区生产总值增长6.1%,低于目标0.9个百分点。",
            9,
            [(7, 6.1)],
        ),
        (
            "生产总值增长8%以上。",
            "上半年,全市GDP实现 856.3 亿元,同比增长13.9%。",
            6,
            [(8, 13.9)],
        ),
        (
            "新增绿色工厂25家、节水型企业20家、清洁生产企业100家。",
            "1-6新增绿色工厂7家、清洁生产企业24家节水型企业方面已推动企业开展节水改造。",
            6,
            [(25, 7), (100, 24)],
        ),
        (
            "实际利用外资确保28亿美元、力争30亿美元。",
            "1-6月,全市实际利用外资23.18亿美元,完成全年目标任务的82.8%。",
            6,
            [(2.8e9, 2.318e9), (3e9, 2.318e9)],
        ),
        (
            "城镇和农村常住居民人均可支配收入分别增长8%和9%。",
            "1-6月,城镇常住居民人均可支配收入24765元,增长11.2%;"
            "农村常住居民人均可支配收入13298元,增长12.6%。",
            6,
            [(8, 11.2), (9, 12.6)],
        ),
        (
            "新建“运动家”社区200个。",
            "“运动家”智慧体育社区上半年进度48.6%。",
            6,
            [(200, 48.6)],
        ),
        (
            "接待游客增长15%。",
            "1-11月,全市共接待游客4528.6万人次,同比下降6.3%。",
            11,
            [(15, -6.3)],
        ),
        (
            "新增上市企业12家。",
            "全市已招引上市后备企业41家;新增上市企业3家。",
            6,
            [(12, 3)],
        ),
        (
            "新增百亿企业1家。",
            "确定南湖东方特钢、海宁万凯新材料等4家企业为百亿企业重点培育对象。",
            6,
            [],
        ),
    ],
)
def test_pairs_follow_meaning_not_position(
    task: str, progress: str, as_of_month: int, expected_pairs: list[tuple[float, float]]
) -> None:
    extraction = extract(task, progress, as_of_month)
    pairs = [
        (extraction.targets[pair.target_index].value, round(pair.actual.value, 3))
        for pair in extraction.pairs
    ]
    assert pairs == expected_pairs


def test_original_spacing_is_kept_in_the_printed_text() -> None:
    extraction = extract("完成投资600亿元以上。", "1-6月累计完成投资 296.47 亿元。", 6)
    assert extraction.pairs[0].actual.text.endswith("296.47 亿元")
