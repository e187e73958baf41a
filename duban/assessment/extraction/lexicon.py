"""Words of Chinese statistical writing: verbs that govern a number, kind keywords, the measure
key a figure is about, and how alike two measure keys are.

Tables, not code: a new phrasing is one more entry here.
"""

import re
from functools import lru_cache

# Verbs that commit to (or report) reaching a number this year.
COMMITMENT_VERBS = (
    "新增",
    "新建",
    "新建成",
    "建成",
    "建好",
    "建设",
    "认定",
    "新认定",
    "创建",
    "新创建",
    "引进",
    "新引进",
    "引入",
    "新引入",
    "培育",
    "新培育",
    "培养",
    "完成",
    "实现",
    "实施",
    "改造",
    "新改造",
    "改建",
    "整治",
    "腾退",
    "腾出",
    "减负",
    "发放",
    "开工",
    "新开工",
    "竣工",
    "招引",
    "签约",
    "落地",
    "提供",
    "开设",
    "设立",
    "新设",
    "形成",
    "达到",
    "突破",
    "超过",
    "增长",
    "提高",
    "提升",
    "下降",
    "压减",
    "减少",
    "降低",
    "控制在",
    "推广",
    "复制",
    "列入",
    "新列入",
    "入驻",
    "吸引",
    "举办",
    "开展",
    "帮扶",
    "安置",
    "培训",
    "供应",
    "交付",
    "投入",
    "保持",
    "稳定在",
    "打造",
    "建立",
    "组建",
    "修复",
    "招募",
    "上市",
)
# Verbs that describe the scope being worked on, not a number to reach: 联动推进44个…工程,
# 加快建设12个…园, 推动10家…逐步上市, 按照亩均税收5万元.
SCOPE_VERBS = (
    "推进",
    "加快推进",
    "联动推进",
    "持续推进",
    "扎实推进",
    "全面推进",
    "加快建设",
    "加快",
    "推动",
    "深化",
    "抓好",
    "提升发展",
    "深耕",
    "按照",
    "依托",
    "围绕",
    "聚焦",
    "对标",
    "谋划",
    "支持",
    "鼓励",
    "办好",
    "发挥",
    "整合",
    "加强",
    "完善",
    "健全",
    "统筹",
    "包括",
    "涵盖",
    "涉及",
    "联系",
    "组织",
)
# Verbs of a pipeline, not an achievement: 申报, 推荐, 拟确认, 摸排.
PIPELINE_VERBS = (
    "申报",
    "推荐",
    "摸排",
    "排摸",
    "预报",
    "拟",
    "储备",
    "遴选",
    "启动",
    "筛选",
    "排定",
    "洽谈",
    "在谈",
    "对接",
)
# Nouns after a figure that make it a candidate list, a plan or a scheme rather than a result.
PIPELINE_NOUNS_RE = re.compile(r"方案|培育|后备|候选|对象|人选|申报|清单|名单|储备|意向|规划")
PLAN_WORDS_RE = re.compile(r"计划|目标|任务数|排定|预期|要求")
ESTIMATE_WORDS_RE = re.compile(r"预计|预估|有望|可望|可达|将达")
PART_WORDS_RE = re.compile(r"其中")
WHOLE_JURISDICTION_RE = re.compile(r"全市|我市|全县|我县|全区|全省|全镇|本市|市本级以外")

_VERB_CLASSES: dict[str, str] = {
    **dict.fromkeys(COMMITMENT_VERBS, "commit"),
    **dict.fromkeys(SCOPE_VERBS, "scope"),
    **dict.fromkeys(PIPELINE_VERBS, "pipeline"),
}
_VERB_RE = re.compile("|".join(sorted(_VERB_CLASSES, key=len, reverse=True)))


def governing_verb(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The verb nearest before `end` in text[start:end], with its class (commit / scope /
    pipeline), or None. Longer verbs win at the same place (加快建设 over 建设)."""
    last: re.Match[str] | None = None
    for match in _VERB_RE.finditer(text, start, end):
        last = match
    if last is None:
        return None
    return last.group(), _VERB_CLASSES[last.group()]


# Kind keywords, nearest-before wins.
KIND_KEYWORDS: dict[str, str] = {
    **dict.fromkeys(
        ("增长", "增速", "增幅", "年均增长", "涨幅", "增加", "提高", "上升", "提升"),
        "growth",
    ),
    **dict.fromkeys(
        ("下降", "降低", "压减", "减少", "削减", "缩减", "压降", "降幅", "减排", "下降率"),
        "reduction",
    ),
    **dict.fromkeys(
        ("低于", "不超过", "不高于", "控制在", "控制", "降至", "降到", "下降到", "下降至"),
        "ceiling",
    ),
    **dict.fromkeys(
        (
            "达到",
            "达",
            "提高到",
            "提高至",
            "提升到",
            "提升至",
            "增长到",
            "增加到",
            "保持",
            "稳定在",
            "率",
            "比重",
            "占比",
            "比例",
            "不低于",
            "突破",
            "累计",
            "总数",
            "总量",
            "保有量",
            "数为",
            "规模",
            "余额",
            "共有",
            "总计",
        ),
        "level",
    ),
}
_KIND_RE = re.compile("|".join(sorted(KIND_KEYWORDS, key=len, reverse=True)))


def nearest_kind_keyword(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The kind keyword nearest before `end` (增长 → growth, 压减 → reduction, 低于 → ceiling,
    比重 → level), with the keyword itself."""
    last: re.Match[str] | None = None
    for match in _KIND_RE.finditer(text, start, end):
        last = match
    if last is None:
        return None
    return last.group(), KIND_KEYWORDS[last.group()]


# Names that differ between a task and its progress for the same measure.
_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"规模以上"), "规上"),
    (re.compile(r"GDP|国内生产总值|(?<!地区)生产总值|经济总量"), "地区生产总值"),
    (re.compile(r"实际使用外资|实际到资|实到外资|(?<!实际)利用外资|外资实际到位"), "实际利用外资"),
    (re.compile(r"社会消费品零售额|社零总额|社零额"), "社会消费品零售总额"),
    (re.compile(r"全社会固定资产投资|固投"), "固定资产投资"),
    (re.compile(r"外贸进出口总额|外贸进出口总值|进出口总值|外贸进出口|进出口额"), "进出口总额"),
    (
        re.compile(r"地方一般公共预算收入|一般预算收入|公共财政预算收入|财政一般预算收入"),
        "一般公共预算收入",
    ),
    (re.compile(r"R&D经费|研发经费|研究与试验发展经费"), "研发经费"),
    (re.compile(r"CPI|居民消费价格指数|物价涨幅|居民消费价格"), "居民消费价格"),
    (re.compile(r"登记失业率|调查失业率"), "失业率"),
    # 超亿元项目 = 亿元以上项目: a size threshold written two ways.
    (re.compile(r"超过?([十百千万亿]*(?:美元|元))|([十百千万亿]*(?:美元|元))以上"), r"\1\2级"),
)
# Filler around a measure's name: places, periods, hedges, generic verbs. Longest first, so
# 比上年同期 goes as one piece.
_NOISE_WORDS = (
    "截至",
    "截止",
    "同比",
    "比上年同期",
    "较上年同期",
    "比去年同期",
    "去年同期",
    "上年同期",
    "比上年",
    "较上年",
    "今年以来",
    "全市",
    "我市",
    "本市",
    "全县",
    "我县",
    "全区",
    "我区",
    "全省",
    "各地",
    "累计",
    "共计",
    "合计",
    "总计",
    "已经",
    "目前",
    "当前",
    "实现",
    "达到",
    "全年",
    "年内",
    "今年",
    "上半年",
    "前三季度",
    "一季度",
    "新增",
    "增长",
    "增速",
    "增幅",
    "下降",
    "完成",
    "力争",
    "确保",
    "争取",
    "以上",
    "以下",
    "以内",
    "左右",
    "超过",
    "低于",
    "不低于",
    "其中",
    "分别",
    "预计",
    "月份",
    "月底",
    "月末",
    "年度",
    "目标",
    "任务",
    "计划",
    "进度",
    "完成率",
    "提高",
    "提升",
    "约为",
)
_NOISE_RE = re.compile(
    r"\d{1,2}[-—~至]\d{1,2}月|\d{4}年|\d{1,2}月|[.,%‰“”\"'《》()()\[\]、,;:!?\-—~/+\s·①-⑳]|"
    + "|".join(sorted(_NOISE_WORDS, key=len, reverse=True))
    + r"|[已共近超达为了的月年再等和及与在至到将份底末较约]"
)


@lru_cache(maxsize=4096)
def measure_key(raw: str) -> str:
    """The words a figure is about, with synonyms made one and filler removed:
    "全市城镇新增就业" → "城镇就业"; "GDP" → "地区生产总值"."""
    text = raw
    for pattern, replacement in _SYNONYMS:
        text = pattern.sub(replacement, text)
    return _NOISE_RE.sub("", text)


@lru_cache(maxsize=8192)
def _grams(key: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(key), frozenset(key[index : index + 2] for index in range(len(key) - 1))


def clear_gram_cache() -> None:
    """Forget cached character grams (benchmarks measure cold rows)."""
    _grams.cache_clear()


def key_similarity(target_key: str, actual_key: str) -> float:
    """How much of the target's measure the actual's words carry (0..1), mostly recall of the
    target's characters and character pairs, with a little precision."""
    if not target_key or not actual_key:
        return 0.0
    target_chars, target_pairs = _grams(target_key)
    actual_chars, actual_pairs = _grams(actual_key)
    char_overlap = len(target_chars & actual_chars)
    pair_overlap = len(target_pairs & actual_pairs)
    char_recall = char_overlap / len(target_chars)
    pair_recall = pair_overlap / len(target_pairs) if target_pairs else char_recall
    char_precision = char_overlap / len(actual_chars)
    pair_precision = pair_overlap / len(actual_pairs) if actual_pairs else char_precision
    recall = 0.6 * pair_recall + 0.4 * char_recall
    precision = 0.6 * pair_precision + 0.4 * char_precision
    return 0.8 * recall + 0.2 * precision
